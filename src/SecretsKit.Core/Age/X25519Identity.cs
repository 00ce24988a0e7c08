namespace SecretsKit.Core.Age;

/// <summary>A native age identity (<c>AGE-SECRET-KEY-1…</c>) that opens <c>X25519</c> stanzas.</summary>
public sealed class X25519Identity : IAgeIdentity
{
    internal const string Hrp = "AGE-SECRET-KEY-";
    private readonly byte[] _secretKey;
    private readonly byte[]? _publicKeyHint;
    private byte[]? _publicKey;

    internal X25519Identity(byte[] secretKey, byte[]? publicKeyHint = null)
    {
        if (secretKey.Length != 32) throw new AgeException("invalid X25519 secret key length");
        _secretKey = secretKey;
        _publicKeyHint = publicKeyHint is { Length: 32 } ? publicKeyHint : null;
    }

    /// <summary>Computed on first use: only unwrapping an X25519 stanza (HKDF salt) or <see cref="Recipient"/> needs it.</summary>
    private byte[] PublicKey => _publicKey ??= X25519Function.PublicKey(_secretKey);

    /// <summary>Parses an <c>AGE-SECRET-KEY-1…</c> identity (upper case, Bech32).</summary>
    /// <param name="text">The secret key.</param>
    /// <param name="publicKeyHint">
    /// The <c>age1…</c> of the <c># public key:</c> comment age-keygen writes above the key, or null. Only a hint: a stanza
    /// is opened with it first (saving the scalar multiplication that computes the public key, a tenth of a cold decrypt's
    /// crypto), and with the computed key when that fails; a malformed or wrong comment costs that multiplication, nothing else.
    /// </param>
    public static X25519Identity Parse(string text, string? publicKeyHint = null)
    {
        var (hrp, data) = Bech32.Decode(text);
        if (hrp != Hrp) throw new AgeException("malformed secret key: unknown type");
        if (data.Length != 32) throw new AgeException("malformed secret key: invalid length");
        return new X25519Identity(data, Hint(publicKeyHint));
    }

    private static byte[]? Hint(string? recipient)
    {
        if (recipient is null) return null;
        try
        {
            return X25519Recipient.Parse(recipient).PublicKey.ToArray();
        }
        catch (AgeException)
        {
            return null;
        }
    }

    /// <summary>A new random identity.</summary>
    public static X25519Identity Generate() =>
        new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public X25519Recipient Recipient => new(PublicKey);

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        foreach (var s in stanzas)
        {
            if (s.Type != X25519Recipient.StanzaType) continue;
            if (s.Arguments.Count != 1) throw new AgeException("invalid X25519 recipient block");
            var share = AgePrimitives.DecodeRaw(s.Arguments[0]);
            if (share.Length != 32) throw new AgeException("invalid X25519 recipient block");
            var shared = X25519Function.ScalarMult(_secretKey, share);
            if (AgePrimitives.IsAllZero(shared)) throw new AgeException("invalid X25519 recipient: low-order point");
            var fileKey = Open(s, shared, share, _publicKeyHint ?? PublicKey);
            if (fileKey is null && _publicKeyHint is not null && !_publicKeyHint.AsSpan().SequenceEqual(PublicKey)) fileKey = Open(s, shared, share, PublicKey);
            if (fileKey is not null) return fileKey;
        }
        return null;
    }

    private static byte[]? Open(AgeStanza stanza, byte[] shared, byte[] share, byte[] publicKey) =>
        AgePrimitives.AeadOpen(AgePrimitives.Hkdf(shared, AgePrimitives.Concat(share, publicKey), X25519Recipient.Label),
            AgePrimitives.FileKeySize, stanza.Body, "X25519");

    /// <summary>The Bech32 secret key string. Secret material: never log it.</summary>
    public string ToSecretString() => Bech32.Encode(Hrp, _secretKey);
}
