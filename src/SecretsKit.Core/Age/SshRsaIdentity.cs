using System.Numerics;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace SecretsKit.Core.Age;

/// <summary>An unencrypted OpenSSH (or PKCS#1) RSA private key used as an age identity for <c>ssh-rsa</c> stanzas.</summary>
public sealed class SshRsaIdentity : IAgeIdentity
{
    private readonly RsaPrivateCrtKeyParameters _key;
    private readonly byte[] _wire;

    internal SshRsaIdentity(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, BigInteger iqmp)
    {
        _key = new RsaPrivateCrtKeyParameters(Bc(n), Bc(e), Bc(d), Bc(p), Bc(q),
            Bc(d % (p - 1)), Bc(d % (q - 1)), Bc(iqmp));
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
            var oaep = SshRsaRecipient.NewOaep();
            oaep.Init(false, _key);
            try
            {
                var fileKey = oaep.ProcessBlock(s.Body, 0, s.Body.Length);
                if (fileKey.Length == AgePrimitives.FileKeySize) return fileKey;
            }
            catch (InvalidCipherTextException)
            {
                // not for this key: try the next stanza
            }
            catch (DataLengthException)
            {
                // a body that does not fit this modulus
            }
        }
        return null;
    }

    private static BcBigInteger Bc(BigInteger v) => new(1, v.ToByteArray(isUnsigned: true, isBigEndian: true));
}
