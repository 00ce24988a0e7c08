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
/// distinct inputs (tests of a suite share one render, as the stage renders each distinct input once).
/// </summary>
internal static class UnitTestTimer
{
    private const int Tests = 50;

    public static void Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var root = ValidationTimer.RepositoryRoot();
        var helm = Environment.GetEnvironmentVariable("HELM_BIN") is { Length: > 0 } h ? h : Path.Combine(root, ".tools", "helm", "3.10.1", "helm");
        Console.WriteLine($"best of {rounds}; helm {helm}; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"{"workload",-36} {"tests",6} {"renders",8} {"helm template x50 ms",21} {"first run ms",13} {"stage ms",9} {"stage/helm",11}");
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
    }

    private static void Row(string helm, string root, string directory, int distinct, int rounds)
    {
        var chart = Path.Combine(directory, "pipeline-app");
        CopyChart(Path.Combine(root, "examples", "pipeline-app"), chart);
        Directory.Delete(Path.Combine(chart, "tests"), recursive: true);
        WriteSuites(chart, distinct);
        var helmMs = ValidationTimer.Best(rounds, () =>
        {
            for (var i = 0; i < Tests; i++) ValidationTimer.Template(helm, chart, "--set", $"replicaCount={Replicas(i, distinct)}");
        });
        var runner = new UnitTestRunner(SystemProcessRunner.Instance, new SopsEngine(new KeySourceRegistry(), TimeProvider.System), DecryptOptions.Default,
            new UnitTestOptions(helm));
        UnitTestResult? result = null;
        var first = ValidationTimer.Best(1, () => result = runner.RunAsync([chart], directory, default).GetAwaiter().GetResult());
        var stage = ValidationTimer.Best(rounds, () => result = runner.RunAsync([chart], directory, default).GetAwaiter().GetResult());
        var passed = result!.Charts.SelectMany(c => c.Suites).SelectMany(s => s.Tests).Count(t => t.Passed);
        if (!result.Passed || passed != Tests) throw new InvalidOperationException($"the bench suites did not pass ({passed} of {Tests})");
        Console.WriteLine($"{$"pipeline-app, {distinct} distinct inputs",-36} {passed,6} {result.HelmRenders,8} {helmMs,21:F0} {first,13:F0} {stage,9:F0} {stage / helmMs,10:P0}");
    }

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
