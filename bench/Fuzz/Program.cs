using System.Diagnostics;
using System.Globalization;
using SecretsKit.Bench.Fuzz;
using SecretsKit.Testing.Fuzz;

// The longer reader fuzz campaign (see ../README.md): the CI slice's cases, more seeds, each case timed and its
// allocations measured, one case at a time so that the process's allocations are the case's own.
if (FuzzOptions.Parse(args, ReaderFuzzer.Formats) is not { } options)
{
    Console.Error.WriteLine(FuzzOptions.Usage);
    return 2;
}

using var fuzzer = new ReaderFuzzer();
var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
var maxAlloc = options.MaxAllocMiB * 1024L * 1024;
var deadline = options.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : TimeSpan.MaxValue;
foreach (var format in options.Formats) await fuzzer.OriginalAsync(format); // each original decrypts before any case runs

var report = new CampaignReport(options);
var clock = Stopwatch.StartNew();
var nextProgress = TimeSpan.FromMinutes(1);
var seed = options.Seed;
while (!Done())
{
    foreach (var format in options.Formats)
    {
        if (Done()) break;
        var outcome = await fuzzer.RunAsync(format, seed, timeout);
        var problem = outcome.Problem ?? (outcome.AllocatedBytes > maxAlloc
            ? $"allocated {outcome.AllocatedBytes / (1024 * 1024)} MiB (limit {options.MaxAllocMiB} MiB)"
            : null);
        report.Add(format, seed, outcome, problem);
    }
    seed++;
    if (clock.Elapsed >= nextProgress)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {report.Cases} cases, {report.Failures.Count} failures, {clock.Elapsed.TotalMinutes:0.0} min"));
        nextProgress += TimeSpan.FromMinutes(1);
    }
}
report.Print(Console.Out, clock.Elapsed, seed - 1);
return report.Failures.Count == 0 ? 0 : 1;

bool Done() => (options.Cases is { } cases && report.Cases >= cases) || clock.Elapsed >= deadline;
