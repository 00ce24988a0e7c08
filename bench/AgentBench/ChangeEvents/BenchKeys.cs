using System.Globalization;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>The bench's key paths (<c>bench/key-NNN</c>, <see cref="Program.KeyPath"/>) back to their index.</summary>
internal static class BenchKeys
{
    private const string Prefix = "bench/key-";

    /// <summary>The index of <paramref name="path"/>, or -1 when it is not a bench key.</summary>
    public static int Index(string? path) =>
        path is not null && path.StartsWith(Prefix, StringComparison.Ordinal)
        && int.TryParse(path.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : -1;
}
