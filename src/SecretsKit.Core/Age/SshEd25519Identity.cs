namespace SecretsKit.Core.Age;

/// <summary>An unencrypted OpenSSH Ed25519 private key used as an age identity for <c>ssh-ed25519</c> stanzas.</summary>
public sealed class SshEd25519Identity : IAgeIdentity
{
    private readonly byte[] _secret;
    private readonly byte[] _edPublicKey;
    private readonly byte[] _wire;
    private byte[]? _montgomery;

    /// <summary>From the 32-byte seed and 32-byte Ed25519 public key of an OpenSSH key.</summary>
    internal SshEd25519Identity(ReadOnlySpan<byte> seed, byte[] publicKey)
    {
        var wire = new List<byte>();
        SshWire.WriteText(wire, SshEd25519Recipient.StanzaType);
        SshWire.WriteString(wire, publicKey);
        _wire = wire.ToArray();
        _secret = Ed25519ToCurve25519.SecretKey(seed);
        _edPublicKey = publicKey;
    }

    /// <summary>The Curve25519 form of the public key, computed on first use (only an ssh-ed25519 stanza with our tag needs it).</summary>
    private byte[] Montgomery => _montgomery ??= Ed25519ToCurve25519.PublicKey(_edPublicKey);

    public SshEd25519Recipient Recipient => new(_wire);

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        var tag = SshPublicKeyLine.Tag(_wire);
        foreach (var s in stanzas)
        {
            if (s.Type != SshEd25519Recipient.StanzaType) continue;
            if (s.Arguments.Count != 2) throw new AgeException("invalid ssh-ed25519 recipient block");
            var share = AgePrimitives.DecodeRaw(s.Arguments[1]);
            if (share.Length != 32) throw new AgeException("invalid ssh-ed25519 recipient block");
            if (s.Arguments[0] != tag) continue;
            var shared = X25519Function.ScalarMult(_secret, share);
            if (AgePrimitives.IsAllZero(shared)) throw new AgeException("invalid X25519 recipient: low-order point");
            var tweaked = SshEd25519Recipient.Tweak(_wire, shared);
            var wrappingKey = AgePrimitives.Hkdf(tweaked, AgePrimitives.Concat(share, Montgomery), SshEd25519Recipient.Label);
            var fileKey = AgePrimitives.AeadOpen(wrappingKey, AgePrimitives.FileKeySize, s.Body, "ssh-ed25519");
            if (fileKey is not null) return fileKey;
        }
        return null;
    }
}
