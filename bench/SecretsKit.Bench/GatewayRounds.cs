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
/// one validation of each stage allocates, the load average before and after, and validate/helm of the medians and of
/// the bests.
/// </summary>
internal static class GatewayRounds
{
    private static readonly (string Name, string[] Skip)[] Stages =
    [
        ("split + parse + CRD registration (all kinds skipped)", ["CustomResourceDefinition", "GatewayClass", "Gateway", "HTTPRoute"]),
        ("+ CRD documents, GatewayClass, Gateway", ["HTTPRoute"]),
        ("whole validation (+ 50 HTTPRoutes, CEL)", []),
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
        var stageTimes = Stages.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            helmTimes.Add(ValidationTimer.Best(1, () => ValidationTimer.Template(helm, chart)));
            for (var s = 0; s < runs.Length; s++) stageTimes[s].Add(ValidationTimer.Best(1, runs[s]));
        }
        Console.WriteLine($"Gateway API chart: {report.Documents} documents, {report.CelRulesEvaluated} CEL rules; {helmTimes.Count} rounds in {seconds} s; load average {load} -> {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"{"",-55} {"best ms",8} {"median ms",10} {"alloc MB",9}");
        Console.WriteLine($"{"helm template --include-crds",-55} {helmTimes.Min(),8:F1} {Median(helmTimes),10:F1}");
        for (var s = 0; s < Stages.Length; s++) Console.WriteLine($"{Stages[s].Name,-55} {stageTimes[s].Min(),8:F1} {Median(stageTimes[s]),10:F1} {Allocated(runs[s]),9:F2}");
        var whole = stageTimes[^1];
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
