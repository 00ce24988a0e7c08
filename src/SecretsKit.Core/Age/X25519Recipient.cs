using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>A native age recipient (<c>age1…</c>): ephemeral X25519, HKDF, ChaCha20-Poly1305.</summary>
public sealed class X25519Recipient : IAgeRecipient
{
    internal const string StanzaType = "X25519";
    internal const string Label = "age-encryption.org/v1/X25519";
    internal const string Hrp = "age";
    private readonly byte[] _publicKey;

    internal X25519Recipient(byte[] publicKey)
    {
        if (publicKey.Length != 32) throw new AgeException("invalid X25519 public key length");
        _publicKey = publicKey;
    }

    /// <summary>Parses an <c>age1…</c> Bech32 recipient.</summary>
    public static X25519Recipient Parse(string text)
    {
        var (hrp, data) = Bech32.Decode(text);
        if (hrp != Hrp) throw new AgeException($"malformed recipient: unexpected type '{hrp}'");
        if (data.Length != 32) throw new AgeException("malformed recipient: invalid X25519 public key length");
        return new X25519Recipient(data);
    }

    internal ReadOnlySpan<byte> PublicKey => _publicKey;

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        var ephemeral = RandomNumberGenerator.GetBytes(32);
        var share = X25519Function.PublicKey(ephemeral);
        var shared = X25519Function.ScalarMult(ephemeral, _publicKey);
        CryptographicOperations.ZeroMemory(ephemeral);
        if (AgePrimitives.IsAllZero(shared)) throw new AgeException("invalid X25519 recipient: low-order point");
        var wrappingKey = AgePrimitives.Hkdf(shared, AgePrimitives.Concat(share, _publicKey), Label);
        var body = AgePrimitives.AeadSeal(wrappingKey, fileKey);
        return [new AgeStanza(StanzaType, [AgePrimitives.EncodeRaw(share)], body)];
    }

    public override string ToString() => Bech32.Encode(Hrp, _publicKey);
}
