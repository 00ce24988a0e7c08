using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// age's <c>ssh-ed25519</c> recipient: the Ed25519 key mapped to Curve25519, X25519 with the shared secret tweaked by
/// HKDF(∅, salt = SSH wire key, "age-encryption.org/v1/ssh-ed25519"), stanza <c>-&gt; ssh-ed25519 tag share</c>.
/// </summary>
public sealed class SshEd25519Recipient : IAgeRecipient
{
    internal const string StanzaType = "ssh-ed25519";
    internal const string Label = "age-encryption.org/v1/ssh-ed25519";
    private readonly byte[] _wire;
    private readonly byte[] _montgomery;

    internal SshEd25519Recipient(byte[] wire)
    {
        var reader = new SshWire(wire);
        if (reader.ReadText() != StanzaType) throw new AgeException("not an ssh-ed25519 public key");
        var key = reader.ReadString();
        if (key.Length != 32 || !reader.AtEnd) throw new AgeException("malformed ssh-ed25519 public key");
        _wire = wire;
        _montgomery = Ed25519ToCurve25519.PublicKey(key);
    }

    /// <summary>Parses <c>ssh-ed25519 AAAA… [comment]</c>.</summary>
    public static SshEd25519Recipient Parse(string line)
    {
        var (type, wire) = SshPublicKeyLine.Parse(line);
        if (type != StanzaType) throw new AgeException($"not an ssh-ed25519 public key: {type}");
        return new SshEd25519Recipient(wire);
    }

    internal string Tag => SshPublicKeyLine.Tag(_wire);

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        var ephemeral = RandomNumberGenerator.GetBytes(32);
        var share = X25519Function.PublicKey(ephemeral);
        var shared = X25519Function.ScalarMult(ephemeral, _montgomery);
        CryptographicOperations.ZeroMemory(ephemeral);
        if (AgePrimitives.IsAllZero(shared)) throw new AgeException("invalid ssh-ed25519 recipient: low-order point");
        var tweaked = Tweak(_wire, shared);
        var wrappingKey = AgePrimitives.Hkdf(tweaked, AgePrimitives.Concat(share, _montgomery), Label);
        var body = AgePrimitives.AeadSeal(wrappingKey, fileKey);
        return [new AgeStanza(StanzaType, [Tag, AgePrimitives.EncodeRaw(share)], body)];
    }

    /// <summary>X25519(HKDF(∅, wire, label), shared): binds the shared secret to the full SSH public key.</summary>
    internal static byte[] Tweak(byte[] wire, byte[] shared)
    {
        var tweak = AgePrimitives.Hkdf(ReadOnlySpan<byte>.Empty, wire, Label);
        return X25519Function.ScalarMult(tweak, shared);
    }

    public override string ToString() => SshPublicKeyLine.Format(_wire, StanzaType);
}
