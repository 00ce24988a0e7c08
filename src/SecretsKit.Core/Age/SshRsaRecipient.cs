using System.Numerics;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>
/// age's <c>ssh-rsa</c> recipient: RSA-OAEP with SHA-256 (and MGF1-SHA-256) and the label
/// <c>age-encryption.org/v1/ssh-rsa</c>; stanza <c>-&gt; ssh-rsa tag</c>. The BCL's OAEP takes no label, so the padding is
/// <see cref="RsaOaep"/> over <see cref="RsaKey"/> (see there for why not BouncyCastle).
/// </summary>
public sealed class SshRsaRecipient : IAgeRecipient
{
    internal const string StanzaType = "ssh-rsa";
    internal static readonly byte[] OaepLabel = Encoding.ASCII.GetBytes("age-encryption.org/v1/ssh-rsa");
    private const int MinimumBits = 2048;
    private readonly byte[] _wire;
    private readonly RsaKey _key;

    internal SshRsaRecipient(byte[] wire)
    {
        var reader = new SshWire(wire);
        if (reader.ReadText() != StanzaType) throw new AgeException("not an ssh-rsa public key");
        var e = reader.ReadString();
        var n = reader.ReadString();
        if (!reader.AtEnd) throw new AgeException("malformed ssh-rsa public key");
        _key = RsaKey.Public(Unsigned(n), Unsigned(e));
        if (_key.BitLength < MinimumBits) throw new AgeException("RSA key size is too small (age requires 2048 bits or more)");
        _wire = wire;
    }

    /// <summary>Parses <c>ssh-rsa AAAA… [comment]</c>.</summary>
    public static SshRsaRecipient Parse(string line)
    {
        var (type, wire) = SshPublicKeyLine.Parse(line);
        if (type != StanzaType) throw new AgeException($"not an ssh-rsa public key: {type}");
        return new SshRsaRecipient(wire);
    }

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        var body = RsaOaep.Encrypt(_key, fileKey, OaepLabel);
        return [new AgeStanza(StanzaType, [SshPublicKeyLine.Tag(_wire)], body)];
    }

    public override string ToString() => SshPublicKeyLine.Format(_wire, StanzaType);

    private static BigInteger Unsigned(byte[] mpint) => new(mpint, isUnsigned: true, isBigEndian: true);
}
