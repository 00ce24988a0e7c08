using System.Globalization;

namespace SecretsKit.Bench.AgentBench.ChangeEvents;

/// <summary>
/// The bench's key names back to their index: paths (<c>bench/key-NNN</c>, <see cref="Program.KeyPath"/>) for Vault and
/// AWS, flat names (<c>bench-key-NNN</c>, <see cref="Flat"/>) for Secret Manager and Key Vault, which allow no <c>/</c>.
/// </summary>
internal static class BenchKeys
{
    private static readonly string[] Prefixes = ["bench/key-", "bench-key-"];

    /// <summary><c>bench-key-NNN</c>.</summary>
    public static string Flat(int k) => "bench-key-" + k.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The index of <paramref name="name"/>, or -1 when it is not a bench key.</summary>
    public static int Index(string? name) =>
        name is not null && Prefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix
        && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : -1;
}
