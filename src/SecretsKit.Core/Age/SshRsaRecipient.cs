using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace SecretsKit.Core.Age;

/// <summary>
/// age's <c>ssh-rsa</c> recipient: RSA-OAEP with SHA-256 (and MGF1-SHA-256) and the label
/// <c>age-encryption.org/v1/ssh-rsa</c>; stanza <c>-&gt; ssh-rsa tag</c>. BouncyCastle is used because the BCL's OAEP
/// takes no label.
/// </summary>
public sealed class SshRsaRecipient : IAgeRecipient
{
    internal const string StanzaType = "ssh-rsa";
    internal const string OaepLabel = "age-encryption.org/v1/ssh-rsa";
    private const int MinimumBits = 2048;
    private readonly byte[] _wire;
    private readonly RsaKeyParameters _key;

    internal SshRsaRecipient(byte[] wire)
    {
        var reader = new SshWire(wire);
        if (reader.ReadText() != StanzaType) throw new AgeException("not an ssh-rsa public key");
        var e = reader.ReadString();
        var n = reader.ReadString();
        if (!reader.AtEnd) throw new AgeException("malformed ssh-rsa public key");
        _key = new RsaKeyParameters(false, new BcBigInteger(1, n), new BcBigInteger(1, e));
        if (_key.Modulus.BitLength < MinimumBits) throw new AgeException("RSA key size is too small (age requires 2048 bits or more)");
        _wire = wire;
    }

    /// <summary>Parses <c>ssh-rsa AAAA… [comment]</c>.</summary>
    public static SshRsaRecipient Parse(string line)
    {
        var (type, wire) = SshPublicKeyLine.Parse(line);
        if (type != StanzaType) throw new AgeException($"not an ssh-rsa public key: {type}");
        return new SshRsaRecipient(wire);
    }

    internal static IAsymmetricBlockCipher NewOaep() =>
        new OaepEncoding(new RsaBlindedEngine(), new Sha256Digest(), new Sha256Digest(), Encoding.ASCII.GetBytes(OaepLabel));

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        var oaep = NewOaep();
        oaep.Init(true, new ParametersWithRandom(_key, new SecureRandom()));
        var body = oaep.ProcessBlock(fileKey, 0, fileKey.Length);
        return [new AgeStanza(StanzaType, [SshPublicKeyLine.Tag(_wire)], body)];
    }

    public override string ToString() => SshPublicKeyLine.Format(_wire, StanzaType);
}
