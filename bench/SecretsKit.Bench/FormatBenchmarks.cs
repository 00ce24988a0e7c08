using BenchmarkDotNet.Attributes;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Tree;

namespace SecretsKit.Bench;

/// <summary>Parse and emit of a generated plaintext document (about <see cref="Values"/> values) in each format.</summary>
[MemoryDiagnoser]
public class FormatBenchmarks
{
    [Params("yaml", "json", "dotenv", "ini")]
    public string Format { get; set; } = "yaml";

    [Params(10_000)]
    public int Values { get; set; }

    private IFormat _format = null!;
    private SopsTree _tree = null!;
    private byte[] _bytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _format = FormatRegistry.Create(Format);
        var source = Format switch
        {
            "dotenv" => Workload.Flat(Values),
            "ini" => Workload.Sections(Values),
            _ => Workload.Nested(Values),
        };
        _bytes = _format.EmitPlain(source);
        _tree = _format.ParsePlain(_bytes);
    }

    [Benchmark(Description = "parse plaintext")]
    public SopsTree Parse() => _format.ParsePlain(_bytes);

    [Benchmark(Description = "emit plaintext")]
    public byte[] Emit() => _format.EmitPlain(_tree);
}
