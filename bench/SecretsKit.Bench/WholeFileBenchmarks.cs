using System.Text;
using BenchmarkDotNet.Attributes;
using SecretsKit.Core.Age;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Tree;
using YamlDotNet.RepresentationModel;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Bench;

/// <summary>
/// Whole-file decrypt and encrypt of the big YAML workload in-process (what <c>secretskit decrypt|encrypt</c> does
/// minus process start and file I/O), split into its stages, next to the floor (YamlDotNet parse + emit).
/// </summary>
[MemoryDiagnoser]
public class WholeFileBenchmarks
{
    [Params(100_000)]
    public int Values { get; set; } = 100_000;

    private readonly IFormat _yaml = FormatRegistry.Create("yaml");
    private SopsEngine _engine = null!;
    private EncryptionSettings _settings = null!;
    private byte[] _plainBytes = null!;
    private byte[] _encryptedBytes = null!;
    private SopsTree _plainTree = null!;
    private EncryptedDocument _encryptedDocument = null!;
    private SopsMetadata _metadata = null!;
    private TreeBranch _metadataBranch = null!;
    private byte[] _dataKey = null!;
    private SopsTree _encryptedTree = null!;

    [GlobalSetup]
    public void Setup()
    {
        var identity = X25519Identity.Generate();
        var environment = new BenchEnvironment(new Dictionary<string, string> { [AgeKeyDiscovery.KeyVariable] = identity.ToSecretString() });
        var context = new KeySourceContext(environment, SystemProcessRunner.Instance, TimeProvider.System);
        var age = new AgeKeySource(context);
        _engine = new SopsEngine(new KeySourceRegistry().Register(age), TimeProvider.System);
        _settings = new EncryptionSettings([[age.Parse(identity.Recipient.ToString()!, KeyParseOptions.None)]]);
        _plainBytes = BigYamlWorkload.Plaintext(Values);
        _encryptedBytes = Encrypt();
        _plainTree = _yaml.ParsePlain(_plainBytes);
        _encryptedDocument = _yaml.ParseEncrypted(_encryptedBytes);
        var decrypted = _engine.DecryptAsync(_encryptedDocument, "big.yaml").GetAwaiter().GetResult();
        _metadata = decrypted.Metadata;
        _metadataBranch = _encryptedDocument.Metadata;
        _dataKey = decrypted.DataKey;
        _encryptedTree = _encryptedDocument.Tree;
    }

    [Benchmark(Description = "floor: YamlDotNet parse + emit of the plaintext", Baseline = true)]
    public int Floor()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(new MemoryStream(_plainBytes), Encoding.UTF8))
        {
            stream.Load(reader);
        }
        var output = new MemoryStream();
        using (var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true))
        {
            stream.Save(writer, assignAnchors: false);
        }
        return (int)output.Length;
    }

    [Benchmark(Description = "decrypt whole file (parse, unwrap, decrypt + MAC, emit)")]
    public byte[] Decrypt()
    {
        var document = _yaml.ParseEncrypted(_encryptedBytes);
        var decrypted = _engine.DecryptAsync(document, "big.yaml").GetAwaiter().GetResult();
        return _yaml.EmitPlain(decrypted.Plain);
    }

    [Benchmark(Description = "encrypt whole file (parse, wrap, encrypt + MAC, emit)")]
    public byte[] Encrypt()
    {
        var plain = _yaml.ParsePlain(_plainBytes);
        var encrypted = _engine.EncryptAsync(plain, _settings).GetAwaiter().GetResult();
        return _yaml.EmitEncrypted(encrypted.Tree, MetadataWriter.Write(encrypted.Metadata));
    }

    [Benchmark(Description = "stage: parse encrypted yaml")]
    public EncryptedDocument ParseEncrypted() => _yaml.ParseEncrypted(_encryptedBytes);

    [Benchmark(Description = "stage: YamlDotNet parser events only (encrypted)")]
    public int ScanEncrypted()
    {
        var parser = new YamlDotNet.Core.Parser(new YamlDotNet.Core.Scanner(new StringReader(Encoding.UTF8.GetString(_encryptedBytes)), skipComments: false));
        var count = 0;
        while (parser.MoveNext()) count++;
        return count;
    }

    [Benchmark(Description = "stage: read metadata + age unwrap")]
    public byte[] Unwrap() =>
        new DataKeyRecovery(_engine.Registry, null).RecoverAsync(MetadataReader.Read(_metadataBranch, "big.yaml"), default).GetAwaiter().GetResult();

    [Benchmark(Description = "stage: decrypt values + MAC")]
    public string DecryptValues() => TreeCipher.Decrypt(_encryptedTree, _dataKey, _metadata.Rules, _metadata.MacOnlyEncrypted).MacHex;

    [Benchmark(Description = "stage: decrypt values + MAC, recording the IV stash (what edit/set pay)")]
    public string DecryptValuesWithStash() => TreeCipher.Decrypt(_encryptedTree, _dataKey, _metadata.Rules, _metadata.MacOnlyEncrypted, new IvStash()).MacHex;

    [Benchmark(Description = "stage: emit plaintext yaml")]
    public byte[] EmitPlain() => _yaml.EmitPlain(_plainTree);

    [Benchmark(Description = "stage: parse plaintext yaml")]
    public SopsTree ParsePlain() => _yaml.ParsePlain(_plainBytes);

    [Benchmark(Description = "stage: encrypt values + MAC")]
    public string EncryptValues() => TreeCipher.Encrypt(_plainTree, _dataKey, _metadata.Rules, _metadata.MacOnlyEncrypted).MacHex;

    [Benchmark(Description = "stage: emit encrypted yaml")]
    public byte[] EmitEncrypted() => _yaml.EmitEncrypted(_encryptedTree, _metadataBranch);
}
