using System.Diagnostics;
using System.Globalization;
using SecretsKit.Testing.Fuzz;

namespace SecretsKit.Bench.Fuzz;

/// <summary>What a campaign did: cases per format and outcome, the slowest and the most allocating case, the failures.</summary>
internal sealed class CampaignReport(FuzzOptions options)
{
    private readonly Dictionary<string, (int Cases, int Decrypted)> _perFormat = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, int> _refusals = [];
    private (string Format, int Seed, TimeSpan Elapsed) _slowest;
    private (string Format, int Seed, long Bytes) _hungriest;

    public int Cases { get; private set; }

    public List<string> Failures { get; } = [];

    public void Add(string format, int seed, FuzzOutcome outcome, string? problem)
    {
        Cases++;
        var (cases, decrypted) = _perFormat.GetValueOrDefault(format);
        _perFormat[format] = (cases + 1, decrypted + (outcome.ExitCode == 0 ? 1 : 0));
        if (outcome.ExitCode is int code and > 0) _refusals[code] = _refusals.GetValueOrDefault(code) + 1;
        if (outcome.Elapsed > _slowest.Elapsed) _slowest = (format, seed, outcome.Elapsed);
        if (outcome.AllocatedBytes > _hungriest.Bytes) _hungriest = (format, seed, outcome.AllocatedBytes);
        if (problem is not null)
        {
            Failures.Add($"{format} seed {seed}: {problem} (again: dotnet run -c Release --project bench/Fuzz -- --formats {format} --seed {seed} --cases 1)");
        }
    }

    public void Print(TextWriter output, TimeSpan elapsed, int lastSeed)
    {
        var inv = CultureInfo.InvariantCulture;
        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(inv, $"fuzz campaign: seeds {options.Seed}..{lastSeed} of {string.Join(",", options.Formats)}, timeout {options.TimeoutSeconds} s per case"));
        output.WriteLine(string.Create(inv, $"cases: {Cases} in {elapsed.TotalSeconds:0.0} s ({Cases / Math.Max(elapsed.TotalSeconds, 0.001):0.0} per second)"));
        foreach (var (format, (cases, decrypted)) in _perFormat)
        {
            output.WriteLine(string.Create(inv, $"  {format}: {cases} cases, {decrypted} decrypted with the MAC verified, {cases - decrypted} refused or failed"));
        }
        output.WriteLine("refusals by exit code: " + string.Join(", ", _refusals.Select(r => string.Create(inv, $"{r.Key}: {r.Value}"))));
        output.WriteLine(string.Create(inv, $"slowest case: {_slowest.Format} seed {_slowest.Seed}, {_slowest.Elapsed.TotalMilliseconds:0} ms"));
        output.WriteLine(string.Create(inv, $"most allocated: {_hungriest.Format} seed {_hungriest.Seed}, {_hungriest.Bytes / (1024.0 * 1024):0.0} MiB"));
        output.WriteLine(string.Create(inv, $"peak RSS: {process.PeakWorkingSet64 / (1024 * 1024)} MiB"));
        output.WriteLine(string.Create(inv, $"failures: {Failures.Count}"));
        foreach (var failure in Failures) output.WriteLine("  " + failure);
    }
}
