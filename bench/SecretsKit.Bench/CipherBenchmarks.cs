using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Bench;

/// <summary>
/// AES-256-GCM per value and the MAC walk, through the public <see cref="TreeCipher"/> API (which drives the
/// internal ValueCipher and CipherWalk).
/// </summary>
[MemoryDiagnoser]
public class CipherBenchmarks
{
    private readonly byte[] _dataKey = RandomNumberGenerator.GetBytes(32);
    private SopsTree _oneValue = null!;
    private SopsTree _oneValueEncrypted = null!;
    private SopsTree _bigPlain = null!;
    private SopsTree _bigEncrypted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _oneValue = new SopsTree([new TreeBranch([new TreeItem("password", new StringValue("correct horse battery staple"))])]);
        _oneValueEncrypted = TreeCipher.Encrypt(_oneValue, _dataKey, CryptRules.Default, macOnlyEncrypted: false).Tree;
        _bigPlain = Workload.Flat(100_000);
        _bigEncrypted = TreeCipher.Encrypt(_bigPlain, _dataKey, CryptRules.Default, macOnlyEncrypted: false).Tree;
    }

    [Benchmark(Description = "encrypt one str value (+MAC)")]
    public string EncryptOneValue() => TreeCipher.Encrypt(_oneValue, _dataKey, CryptRules.Default, false).MacHex;

    [Benchmark(Description = "decrypt one str value (+MAC)")]
    public string DecryptOneValue() => TreeCipher.Decrypt(_oneValueEncrypted, _dataKey, CryptRules.Default, false).MacHex;

    [Benchmark(Description = "encrypt 100k values + MAC")]
    public string EncryptHundredThousand() => TreeCipher.Encrypt(_bigPlain, _dataKey, CryptRules.Default, false).MacHex;

    [Benchmark(Description = "decrypt 100k values + MAC")]
    public string DecryptHundredThousand() => TreeCipher.Decrypt(_bigEncrypted, _dataKey, CryptRules.Default, false).MacHex;

    [Benchmark(Description = "MAC only over 100k values (no value selected)")]
    public string MacOnlyHundredThousand() =>
        TreeCipher.Encrypt(_bigPlain, _dataKey, new CryptRules(EncryptedRegex: "^$never"), macOnlyEncrypted: false).MacHex;
}
