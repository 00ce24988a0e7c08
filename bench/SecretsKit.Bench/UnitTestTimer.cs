using System.Globalization;
using System.Text;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Bench;

/// <summary>
/// <c>--unittest [rounds]</c>: the release pipeline's unittest stage (the engine of <c>secretskit unittest</c> and of
/// <c>release … unittest</c>) on a copy of examples/pipeline-app carrying 50 helm-unittest tests (5 suites of 10, each test
/// with its own <c>set: replicaCount</c>), against what the helm-unittest plugin does per its docs: one render per test,
/// here one <c>helm template</c> process per test. Two suites shapes: 50 distinct inputs (every test renders) and 5
/// distinct inputs (tests of a suite share one render, as the stage renders each distinct input once). Prints best and
/// median of the rounds, and the helm processes' summed wall time inside the stage (<see cref="TimedProcessRunner"/>);
/// <c>DOTNET_PROCESSOR_COUNT=1</c> makes the stage render one test at a time.
/// </summary>
internal static class UnitTestTimer
{
    private const int Tests = 50;

    public static void Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var root = ValidationTimer.RepositoryRoot();
        var helm = Environment.GetEnvironmentVariable("HELM_BIN") is { Length: > 0 } h ? h : Path.Combine(root, ".tools", "helm", "3.10.1", "helm");
        Console.WriteLine($"{rounds} rounds (best / median); helm {helm}; {Environment.ProcessorCount} CPUs (renders side by side); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"{"workload",-32} {"tests",5} {"renders",7} {"copies",6} {"helm template x50 ms",21} {"first ms",8} {"stage ms",11} {"helm in stage ms",16} {"stage/helm",11} {"helm CPU ms",13} {"stage CPU",9}");
        foreach (var distinct in new[] { Tests, 5 })
        {
            var chart = Directory.CreateTempSubdirectory("unittest-bench-").FullName;
            try
            {
                Row(helm, root, chart, distinct, rounds);
            }
            finally
            {
                Directory.Delete(chart, recursive: true);
            }
        }
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static void Row(string helm, string root, string directory, int distinct, int rounds)
    {
        var chart = Path.Combine(directory, "pipeline-app");
        CopyChart(Path.Combine(root, "examples", "pipeline-app"), chart);
        Directory.Delete(Path.Combine(chart, "tests"), recursive: true);
        WriteSuites(chart, distinct);
        var cpu = CpuMs();
        var helmMs = Samples(rounds, () =>
        {
            for (var i = 0; i < Tests; i++) ValidationTimer.Template(helm, chart, "--set", $"replicaCount={Replicas(i, distinct)}");
        });
        var helmCpu = (CpuMs() - cpu) / rounds;
        var processes = new TimedProcessRunner();
        var runner = new UnitTestRunner(processes, new SopsEngine(new KeySourceRegistry(), TimeProvider.System), DecryptOptions.Default, new UnitTestOptions(helm));
        UnitTestResult? result = null;
        var first = Samples(1, () => result = runner.RunAsync([chart], directory, default).GetAwaiter().GetResult())[0];
        var helmInStage = new List<double>();
        cpu = CpuMs();
        var stage = Samples(rounds, () =>
        {
            processes.Reset();
            result = runner.RunAsync([chart], directory, default).GetAwaiter().GetResult();
            helmInStage.Add(processes.Total.TotalMilliseconds);
        });
        var stageCpu = (CpuMs() - cpu) / rounds;
        var passed = result!.Charts.SelectMany(c => c.Suites).SelectMany(s => s.Tests).Count(t => t.Passed);
        if (!result.Passed || passed != Tests) throw new InvalidOperationException($"the bench suites did not pass ({passed} of {Tests})");
        Console.WriteLine($"{$"pipeline-app, {distinct} distinct inputs",-32} {passed,5} {result.HelmRenders,7} {result.ChartCopies,6} {Pair(helmMs),21} {first,8:F0} {Pair(stage),11} "
            + $"{Median(helmInStage),16:F0} {stage[0] / helmMs[0],5:P0}/{Median(stage) / Median(helmMs),4:P0} {helmCpu,13:F0} {stageCpu,9:F0}");
    }

    /// <summary>CPU time of this process and of its waited-for children (user + system, /proc/self/stat), in ms: what a round costs whatever the load.</summary>
    private static double CpuMs()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture)); // utime stime cutime cstime
        return ticks * 1000.0 / 100; // USER_HZ
    }

    /// <summary>Wall times of <paramref name="rounds"/> runs, sorted (best first).</summary>
    private static List<double> Samples(int rounds, Action run)
    {
        var samples = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            run();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples;
    }

    private static double Median(List<double> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Pair(List<double> samples) => string.Create(CultureInfo.InvariantCulture, $"{samples[0]:F0}/{Median(samples):F0}");

    /// <summary>The replica count test <paramref name="i"/> sets: unique per test, or one per suite of 10.</summary>
    private static int Replicas(int i, int distinct) => distinct == Tests ? i + 1 : i / (Tests / distinct) + 1;

    private static void WriteSuites(string chart, int distinct)
    {
        Directory.CreateDirectory(Path.Combine(chart, "tests"));
        for (var s = 0; s < 5; s++)
        {
            var suite = new StringBuilder($"suite: bench {s}\ntemplates:\n  - deployment.yaml\ntests:\n");
            for (var t = 0; t < 10; t++)
            {
                var replicas = Replicas(s * 10 + t, distinct);
                suite.Append(CultureInfo.InvariantCulture, $"""
                      - it: test {s * 10 + t} runs {replicas} replicas
                        set:
                          replicaCount: {replicas}
                        asserts:
                          - isKind:
                              of: Deployment
                          - equal:
                              path: spec.replicas
                              value: {replicas}
                          - matchRegex:
                              path: spec.template.spec.containers[0].image
                              pattern: ^nginxinc/nginx-unprivileged:.+$

                    """);
            }
            File.WriteAllText(Path.Combine(chart, "tests", $"bench{s}_test.yaml"), suite.ToString());
        }
    }

    private static void CopyChart(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
