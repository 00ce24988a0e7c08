using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// A post-quantum hybrid identity (<c>AGE-SECRET-KEY-PQ-1…</c>, a 32-byte MLKEM768-X25519 seed) that opens
/// <c>mlkem768x25519</c> stanzas. The seed is expanded once, on first use.
/// </summary>
public sealed class HybridIdentity : IAgeIdentity
{
    internal const string Hrp = "AGE-SECRET-KEY-PQ-";
    internal const string Prefix = "AGE-SECRET-KEY-PQ-1";
    private readonly byte[] _seed;
    private MlKem768X25519.PrivateKey? _key;

    internal HybridIdentity(byte[] seed)
    {
        if (seed.Length != MlKem768X25519.SeedSize) throw new AgeException("invalid MLKEM768-X25519 secret key length");
        _seed = seed;
    }

    /// <summary>Parses an <c>AGE-SECRET-KEY-PQ-1…</c> identity (upper case, Bech32).</summary>
    public static HybridIdentity Parse(string text)
    {
        var (hrp, data) = Bech32.Decode(text);
        if (hrp != Hrp) throw new AgeException("malformed secret key: unknown type");
        if (data.Length != MlKem768X25519.SeedSize) throw new AgeException("malformed secret key: invalid length");
        return new HybridIdentity(data);
    }

    /// <summary>A new random identity.</summary>
    public static HybridIdentity Generate() => new(RandomNumberGenerator.GetBytes(MlKem768X25519.SeedSize));

    public HybridRecipient Recipient => new(MlKem768X25519.PublicKeyOf(_seed));

    private MlKem768X25519.PrivateKey Key => _key ??= MlKem768X25519.ExpandPrivateKey(_seed);

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        foreach (var s in stanzas)
        {
            if (s.Type != HybridRecipient.StanzaType) continue;
            if (s.Arguments.Count != 1) throw new AgeException("invalid mlkem768x25519 recipient block");
            var enc = AgePrimitives.DecodeRaw(s.Arguments[0]);
            if (enc.Length != MlKem768X25519.CiphertextSize) throw new AgeException("invalid mlkem768x25519 recipient block");
            if (s.Body.Length != AgePrimitives.FileKeySize + AgePrimitives.TagSize)
            {
                throw new AgeException("invalid mlkem768x25519 recipient block: incorrect file key size");
            }
            var sharedSecret = MlKem768X25519.Decapsulate(Key, enc);
            var fileKey = Hpke.Open(Hpke.MlKem768X25519, sharedSecret, HybridRecipient.Label, s.Body);
            CryptographicOperations.ZeroMemory(sharedSecret);
            // A stanza for another key decapsulates to an unrelated secret (implicit rejection) and fails to open.
            if (fileKey is not null) return fileKey;
        }
        return null;
    }

    /// <summary>The Bech32 secret key string. Secret material: never log it.</summary>
    public string ToSecretString() => Bech32.Encode(Hrp, _seed);
}
