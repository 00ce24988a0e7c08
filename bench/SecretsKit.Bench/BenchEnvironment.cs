using SecretsKit.Core.Platform;

namespace SecretsKit.Bench;

/// <summary>A fixed environment for the benchmarks: only the given variables, and a home directory with no keys in it.</summary>
internal sealed class BenchEnvironment(IReadOnlyDictionary<string, string> variables) : IEnvironment
{
    public string? Get(string name) => variables.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, string> Variables => variables;

    public string HomeDirectory { get; } = Path.Combine(Path.GetTempPath(), "secretskit-bench-no-home");

    public string CurrentDirectory => Environment.CurrentDirectory;
}
