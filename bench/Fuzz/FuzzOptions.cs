using System.Globalization;

namespace SecretsKit.Bench.Fuzz;

/// <summary>
/// The command line of <c>fuzz</c>: seeds from <see cref="Seed"/> upwards, each run once per format, until
/// <see cref="Cases"/> cases have run or <see cref="Minutes"/> have passed (5 minutes when neither is given).
/// </summary>
internal sealed record FuzzOptions(int Seed, int? Cases, double? Minutes, IReadOnlyList<string> Formats, int TimeoutSeconds, int MaxAllocMiB)
{
    public const string Usage =
        "usage: fuzz [--seed N] [--cases N | --minutes M] [--formats yaml,json,dotenv,ini,binary] [--timeout SECONDS] [--max-alloc-mib N]";

    /// <summary>Null when the arguments are unusable (an unknown flag or format, a bad number).</summary>
    public static FuzzOptions? Parse(string[] args, IReadOnlyList<string> knownFormats)
    {
        int seed = 0, timeout = 60, maxAlloc = 512;
        int? cases = null;
        double? minutes = null;
        IReadOnlyList<string> formats = knownFormats;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s >= 0: seed = s; break;
                case "--cases" when Positive(value, out var n): cases = n; break;
                case "--minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out var m) && m > 0: minutes = m; break;
                case "--timeout" when Positive(value, out var t): timeout = t; break;
                case "--max-alloc-mib" when Positive(value, out var a): maxAlloc = a; break;
                case "--formats":
                    formats = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (formats.Count == 0 || formats.Any(f => !knownFormats.Contains(f))) return null;
                    break;
                default: return null;
            }
        }
        if (args.Length % 2 != 0) return null;
        return new FuzzOptions(seed, cases, cases is null ? minutes ?? 5 : minutes, formats, timeout, maxAlloc);
    }

    private static bool Positive(string value, out int n) => int.TryParse(value, CultureInfo.InvariantCulture, out n) && n > 0;
}
