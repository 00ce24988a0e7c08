using System.Diagnostics;
using System.Globalization;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Bench;

/// <summary>
/// <c>--validate-gateway [seconds]</c> (issue #62): the Gateway API chart of bench/gateway-chart.sh, validated in rounds
/// interleaved with its real <c>helm template --include-crds</c> process, so that both see the same load: each round runs
/// helm once, then three validations with a fresh validator each: every kind skipped (splitting the rendering, parsing it
/// and registering the CRDs), HTTPRoute alone skipped (plus the CRD documents, the GatewayClass and the Gateway), and the
/// whole validation (plus the 50 HTTPRoutes with their schema, patterns, list types and 4,658 CEL rules). After a 2 s
/// warm-up per stage it goes on for <c>seconds</c> (default 10) and prints each column's best and median, the megabytes
/// one validation of each stage allocates, the load average before and after, the rounds of each stage a garbage
/// collection fell in (their median beside the others', and how many were gen2), and validate/helm of the medians and
/// of the bests.
/// </summary>
internal static class GatewayRounds
{
    private static readonly (string Name, string Short, string[] Skip)[] Stages =
    [
        ("split + parse + CRD registration (all kinds skipped)", "parse", ["CustomResourceDefinition", "GatewayClass", "Gateway", "HTTPRoute"]),
        ("+ CRD documents, GatewayClass, Gateway", "+ CRD documents", ["HTTPRoute"]),
        ("whole validation (+ 50 HTTPRoutes, CEL)", "whole validation", []),
    ];

    public static void Run(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var root = ValidationTimer.RepositoryRoot();
        var chart = Path.Combine(root, ".tools", "gateway-bench", "chart");
        if (!Directory.Exists(chart)) throw new InvalidOperationException($"{chart} missing: run bench/gateway-chart.sh first");
        var helm = ValidationTimer.HelmPath(root);
        var rendered = ValidationTimer.Template(helm, chart);
        var source = new[] { new ManifestSource("bench", rendered, "default") };
        var runs = Stages.Select(s => (Action)(() => Validate(source, s.Skip))).ToArray();
        var report = Validate(source, []);
        if (!report.Ok) throw new InvalidOperationException($"the Gateway chart does not validate:\n{report.RenderText()}");
        foreach (var run in runs) ValidationTimer.WarmUp(run);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var helmTimes = new List<double>();
        var stageTimes = Stages.Select(_ => new List<Round>()).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            helmTimes.Add(ValidationTimer.Best(1, () => ValidationTimer.Template(helm, chart)));
            for (var s = 0; s < runs.Length; s++) stageTimes[s].Add(Round.Time(runs[s]));
        }
        Console.WriteLine($"Gateway API chart: {report.Documents} documents, {report.CelRulesEvaluated} CEL rules; {helmTimes.Count} rounds in {seconds} s; load average {load} -> {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"{"",-55} {"best ms",8} {"median ms",10} {"alloc MB",9}");
        Console.WriteLine($"{"helm template --include-crds",-55} {helmTimes.Min(),8:F1} {Median(helmTimes),10:F1}");
        for (var s = 0; s < Stages.Length; s++)
        {
            var times = stageTimes[s].Select(r => r.Ms).ToList();
            Console.WriteLine($"{Stages[s].Name,-55} {times.Min(),8:F1} {Median(times),10:F1} {Allocated(runs[s]),9:F2}");
        }
        Console.WriteLine($"{"garbage collections during a stage's rounds",-55} {"rounds",8} {"median ms",10} {"gen2",9}");
        for (var s = 0; s < Stages.Length; s++)
        {
            var collected = stageTimes[s].Where(r => r.Collections > 0).Select(r => r.Ms).ToList();
            var clean = stageTimes[s].Where(r => r.Collections == 0).Select(r => r.Ms).ToList();
            Console.WriteLine($"{$"  {Stages[s].Short}, rounds with one",-55} {collected.Count,8} {Median(collected),10:F1} {stageTimes[s].Sum(r => r.Gen2),9}");
            Console.WriteLine($"{$"  {Stages[s].Short}, rounds without",-55} {clean.Count,8} {Median(clean),10:F1}");
        }
        var whole = stageTimes[^1].Select(r => r.Ms).ToList();
        Console.WriteLine($"validate / helm: medians {Median(whole) / Median(helmTimes):P1}, bests {whole.Min() / helmTimes.Min():P1}");
    }

    private static ValidationReport Validate(ManifestSource[] source, string[] skip) =>
        new ManifestValidator(new ValidationOptions { SkipKinds = skip }).ValidateAsync(source, null, default).GetAwaiter().GetResult();

    /// <summary>The megabytes one run allocates (the process's count: nothing else runs meanwhile).</summary>
    private static double Allocated(Action run)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        run();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0;
    }

    /// <summary>One timed run of a stage and the garbage collections (of any generation; of gen2) that fell in it.</summary>
    private readonly record struct Round(double Ms, int Collections, int Gen2)
    {
        public static Round Time(Action run)
        {
            var (all, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
            var ms = ValidationTimer.Best(1, run);
            return new Round(ms, GC.CollectionCount(0) - all, GC.CollectionCount(2) - gen2);
        }
    }

    internal static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
