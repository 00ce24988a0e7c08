namespace SecretsKit.Core.Age;

/// <summary>A native age identity (<c>AGE-SECRET-KEY-1…</c>) that opens <c>X25519</c> stanzas.</summary>
public sealed class X25519Identity : IAgeIdentity
{
    internal const string Hrp = "AGE-SECRET-KEY-";
    private readonly byte[] _secretKey;
    private byte[]? _publicKey;

    internal X25519Identity(byte[] secretKey)
    {
        if (secretKey.Length != 32) throw new AgeException("invalid X25519 secret key length");
        _secretKey = secretKey;
    }

    /// <summary>Computed on first use: only unwrapping an X25519 stanza (HKDF salt) or <see cref="Recipient"/> needs it.</summary>
    private byte[] PublicKey => _publicKey ??= X25519Function.PublicKey(_secretKey);

    /// <summary>Parses an <c>AGE-SECRET-KEY-1…</c> identity (upper case, Bech32).</summary>
    public static X25519Identity Parse(string text)
    {
        var (hrp, data) = Bech32.Decode(text);
        if (hrp != Hrp) throw new AgeException("malformed secret key: unknown type");
        if (data.Length != 32) throw new AgeException("malformed secret key: invalid length");
        return new X25519Identity(data);
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
            var wrappingKey = AgePrimitives.Hkdf(shared, AgePrimitives.Concat(share, PublicKey), X25519Recipient.Label);
            var fileKey = AgePrimitives.AeadOpen(wrappingKey, AgePrimitives.FileKeySize, s.Body, "X25519");
            if (fileKey is not null) return fileKey;
        }
        return null;
    }

    /// <summary>The Bech32 secret key string. Secret material: never log it.</summary>
    public string ToSecretString() => Bech32.Encode(Hrp, _secretKey);
}
