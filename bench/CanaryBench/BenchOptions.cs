using System.Globalization;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Bench.CanaryBench;

/// <summary>The bench's command line: the CLI to time, the helm version (installed under .tools), the rounds, the case, the report file.</summary>
internal sealed record BenchOptions(string Cli, string HelmVersion, int Rounds, BenchCase Case, string? Out)
{
    public static string Usage =>
        $"usage: canarybench --cli PATH/secretskit.dll [--helm-version {RealHelm.Version}] [--rounds 5] [--case {string.Join("|", BenchCase.Names)}] [--out FILE]";

    /// <summary>The options, or null when <c>--cli</c> is missing or the case is unknown.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        if (Value("--cli") is not { } cli || BenchCase.Named(Value("--case") ?? "canary") is not { } bench) return null;
        return new BenchOptions(cli, Value("--helm-version") ?? RealHelm.Version, int.Parse(Value("--rounds") ?? "5", CultureInfo.InvariantCulture), bench, Value("--out"));
    }
}
