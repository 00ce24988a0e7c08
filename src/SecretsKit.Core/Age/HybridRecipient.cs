using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// A post-quantum hybrid recipient (<c>age1pq1…</c>, age 1.3): HPKE with MLKEM768-X25519, stanza
/// <c>-&gt; mlkem768x25519 &lt;enc&gt;</c>. It carries the <c>postquantum</c> label, so an age header holding it takes
/// only other post-quantum recipients.
/// </summary>
public sealed class HybridRecipient : ILabeledAgeRecipient
{
    internal const string Hrp = "age1pq";
    internal const string StanzaType = "mlkem768x25519";
    internal const string Label = "age-encryption.org/mlkem768x25519";
    internal const string PostQuantumLabel = "postquantum";
    private readonly byte[] _publicKey;

    internal HybridRecipient(byte[] publicKey)
    {
        if (publicKey.Length != MlKem768X25519.PublicKeySize) throw new AgeException("invalid MLKEM768-X25519 public key length");
        _publicKey = publicKey;
    }

    public IReadOnlyList<string> Labels => [PostQuantumLabel];

    /// <summary>Parses an <c>age1pq1…</c> Bech32 recipient (the ML-KEM key is checked as FIPS 203 §7.2 requires).</summary>
    public static HybridRecipient Parse(string text)
    {
        var (hrp, data) = Bech32.Decode(text);
        if (hrp != Hrp) throw new AgeException($"malformed recipient: unexpected type '{hrp}'");
        if (data.Length != MlKem768X25519.PublicKeySize) throw new AgeException("malformed recipient: invalid MLKEM768-X25519 public key length");
        if (!Crypto.PostQuantum.ManagedMlKem768.IsValidEncapsulationKey(data.AsSpan(0, Crypto.PostQuantum.MlKem768.EncapsulationKeySize)))
        {
            throw new AgeException("malformed recipient: invalid ML-KEM-768 public key");
        }
        return new HybridRecipient(data);
    }

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        var (sharedSecret, enc) = MlKem768X25519.Encapsulate(_publicKey);
        var body = Hpke.Seal(Hpke.MlKem768X25519, sharedSecret, Label, fileKey);
        CryptographicOperations.ZeroMemory(sharedSecret);
        return [new AgeStanza(StanzaType, [AgePrimitives.EncodeRaw(enc)], body)];
    }

    public override string ToString() => Bech32.Encode(Hrp, _publicKey);
}
