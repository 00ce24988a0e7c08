using System.Security.Cryptography;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Age;

/// <summary>
/// A tag recipient (age 1.3): <c>age1tag1…</c> (a compressed P-256 key, stanza <c>p256tag</c>, HPKE DHKEM(P-256)) or
/// <c>age1tagpq1…</c> (ML-KEM-768 + P-256, stanza <c>mlkem768p256tag</c>, HPKE MLKEM768-P256). Anyone can encrypt
/// to it without the hardware key's plugin; the 4-byte tag lets the plugin find its stanza. Decryption goes through
/// the plugin (<see cref="AgePluginIdentity"/>).
/// </summary>
public sealed class TagRecipient : ILabeledAgeRecipient
{
    internal const string ClassicHrp = "age1tag";
    internal const string HybridHrp = "age1tagpq";
    internal const string ClassicStanza = "p256tag";
    internal const string HybridStanza = "mlkem768p256tag";
    private readonly byte[] _publicKey;

    private TagRecipient(byte[] publicKey, bool hybrid)
    {
        _publicKey = publicKey;
        IsHybrid = hybrid;
    }

    /// <summary>True for <c>age1tagpq1…</c>.</summary>
    public bool IsHybrid { get; }

    public IReadOnlyList<string> Labels => IsHybrid ? [HybridRecipient.PostQuantumLabel] : [];

    /// <summary>Parses <c>age1tag1…</c> or <c>age1tagpq1…</c>; the key is checked (point on the curve, ML-KEM modulus).</summary>
    public static TagRecipient Parse(string text)
    {
        var (hrp, data) = Bech32.Decode(text);
        switch (hrp)
        {
            case ClassicHrp:
                if (data.Length != P256Function.CompressedSize) throw new AgeException("malformed tag recipient: invalid P-256 key length");
                P256Function.Decode(data);
                return new TagRecipient(data, hybrid: false);
            case HybridHrp:
                MlKem768P256.Validate(data);
                return new TagRecipient(data, hybrid: true);
            default:
                throw new AgeException($"malformed tag recipient: unexpected type '{hrp}'");
        }
    }

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        var (label, type) = IsHybrid
            ? ("age-encryption.org/mlkem768p256tag", HybridStanza)
            : ("age-encryption.org/p256tag", ClassicStanza);
        var (sharedSecret, enc) = IsHybrid ? MlKem768P256.Encapsulate(_publicKey) : EncapsulateP256();
        var body = Hpke.Seal(IsHybrid ? Hpke.MlKem768P256 : Hpke.DhKemP256, sharedSecret, label, fileKey);
        CryptographicOperations.ZeroMemory(sharedSecret);
        var tag = Tag(enc, label);
        return [new AgeStanza(type, [AgePrimitives.EncodeRaw(tag), AgePrimitives.EncodeRaw(enc)], body)];
    }

    /// <summary>HKDF-Extract(salt = label, enc ‖ SHA-256(recipient P-256 key)[:4])[:4]; hybrid keys hash only their P-256 part.</summary>
    private byte[] Tag(byte[] enc, string label)
    {
        var p256 = IsHybrid ? _publicKey.AsSpan(_publicKey.Length - P256Function.UncompressedSize) : _publicKey;
        var recipientHash = ManagedSha256.Hash(p256).AsSpan(0, 4);
        var mac = ManagedSha256.Hmac(System.Text.Encoding.ASCII.GetBytes(label), AgePrimitives.Concat(enc, recipientHash));
        return mac.AsSpan(0, 4).ToArray();
    }

    /// <summary>DHKEM(P-256) Encap (RFC 9180 §4.1): enc is the uncompressed ephemeral key.</summary>
    private (byte[] SharedSecret, byte[] Enc) EncapsulateP256()
    {
        var recipient = P256Function.Decode(_publicKey);
        var (enc, dh) = P256Function.Agree(recipient);
        var suiteId = Hpke.KemSuiteId(Hpke.DhKemP256);
        var eaePrk = Hpke.LabeledExtract(suiteId, [], "eae_prk", dh);
        var kemContext = AgePrimitives.Concat(enc, P256Function.Uncompressed(recipient));
        var sharedSecret = Hpke.LabeledExpand(suiteId, eaePrk, "shared_secret", kemContext, 32);
        CryptographicOperations.ZeroMemory(dh);
        CryptographicOperations.ZeroMemory(eaePrk);
        return (sharedSecret, enc);
    }

    public override string ToString() => Bech32.Encode(IsHybrid ? HybridHrp : ClassicHrp, _publicKey);
}
