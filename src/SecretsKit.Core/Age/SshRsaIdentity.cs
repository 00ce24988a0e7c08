using System.Numerics;

namespace SecretsKit.Core.Age;

/// <summary>An unencrypted OpenSSH (or PKCS#1) RSA private key used as an age identity for <c>ssh-rsa</c> stanzas.</summary>
public sealed class SshRsaIdentity : IAgeIdentity
{
    private readonly RsaKey _key;
    private readonly byte[] _wire;

    internal SshRsaIdentity(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, BigInteger iqmp)
    {
        _key = RsaKey.Private(n, e, d, p, q, iqmp);
        var wire = new List<byte>();
        SshWire.WriteText(wire, SshRsaRecipient.StanzaType);
        SshWire.WriteMpint(wire, e);
        SshWire.WriteMpint(wire, n);
        _wire = wire.ToArray();
    }

    public SshRsaRecipient Recipient => new(_wire);

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        var tag = SshPublicKeyLine.Tag(_wire);
        foreach (var s in stanzas)
        {
            if (s.Type != SshRsaRecipient.StanzaType) continue;
            if (s.Arguments.Count != 1) throw new AgeException("invalid ssh-rsa recipient block");
            if (s.Arguments[0] != tag) continue;
            // null: not for this key (or a body that does not fit this modulus); try the next stanza
            var fileKey = RsaOaep.Decrypt(_key, s.Body, SshRsaRecipient.OaepLabel);
            if (fileKey?.Length == AgePrimitives.FileKeySize) return fileKey;
        }
        return null;
    }
}
