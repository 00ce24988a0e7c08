using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using SecretsKit.Core.Age;

namespace SecretsKit.Bench;

/// <summary>
/// age wrap and unwrap of a 32-byte data key to/from an armored file, as sops stores it in <c>sops.age[].enc</c>
/// (X25519 + HKDF + ChaCha20-Poly1305 header, one STREAM chunk), and the same with a post-quantum hybrid key
/// (<c>mlkem768x25519</c>: ML-KEM-768 + X25519, HPKE). The post-quantum unwrap parses a fresh identity each time, as a
/// CLI process does (the seed's expansion into the ML-KEM key is part of every decrypt).
/// </summary>
[MemoryDiagnoser]
public class AgeBenchmarks
{
    private IReadOnlyList<IAgeIdentity> _identities = null!;
    private IReadOnlyList<IAgeRecipient> _recipients = null!;
    private string _pqSecret = null!;
    private IReadOnlyList<IAgeRecipient> _pqRecipients = null!;
    private byte[] _dataKey = null!;
    private byte[] _armored = null!;
    private byte[] _pqArmored = null!;

    [GlobalSetup]
    public void Setup()
    {
        var identity = X25519Identity.Generate();
        _identities = [identity];
        _recipients = [identity.Recipient];
        _dataKey = RandomNumberGenerator.GetBytes(32);
        _armored = Encoding.ASCII.GetBytes(AgeEncryptor.EncryptArmored(_dataKey, _recipients));
        var pq = HybridIdentity.Generate();
        _pqSecret = pq.ToSecretString();
        _pqRecipients = [pq.Recipient];
        _pqArmored = Encoding.ASCII.GetBytes(AgeEncryptor.EncryptArmored(_dataKey, _pqRecipients));
    }

    [Benchmark(Description = "age unwrap data key (X25519, armored)")]
    public byte[] Unwrap() => AgeDecryptor.Decrypt(_armored, _identities);

    [Benchmark(Description = "age wrap data key (X25519, armored)")]
    public string Wrap() => AgeEncryptor.EncryptArmored(_dataKey, _recipients);

    [Benchmark(Description = "age unwrap data key (post-quantum mlkem768x25519, armored, fresh identity)")]
    public byte[] UnwrapPostQuantum() => AgeDecryptor.Decrypt(_pqArmored, [HybridIdentity.Parse(_pqSecret)]);

    [Benchmark(Description = "age wrap data key (post-quantum mlkem768x25519, armored)")]
    public string WrapPostQuantum() => AgeEncryptor.EncryptArmored(_dataKey, _pqRecipients);
}
