using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Web;

namespace SecretsKit.Bench.CanaryBench;

/// <summary>
/// <c>canarybench --cli secretskit.dll [--helm-version 3.10.1] [--rounds N] [--case canary] [--out FILE]</c>: how long a
/// release strategy takes from the first failing analysis sample to "stable only" (issue #85). One Kubernetes API fake
/// with its controllers (context <c>staging</c>), a copy of <c>examples/pipeline</c> and its chart with helm's
/// <c>--wait</c> and <c>--atomic</c> off (their waits are not the strategy's), the real helm, and a 127.0.0.1 Prometheus
/// stand-in (<see cref="FakeProbeServer"/>). The stable release is applied at chart 0.1.0, the chart moved to 0.2.0, and
/// each round runs <c>release -e staging apply</c> through the case's strategy: once the analysis has had two good
/// samples the stand-in answers a failing value (t0), and the fake is watched until the case's "stable only" holds (t1).
/// Each round's t1 − t0 is printed, then the median and the max. A case is a <see cref="BenchCase"/>: its strategy and
/// its "stable only".
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (BenchOptions.Parse(args) is not { } o)
        {
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        using var root = new TempDir("secretskit-canarybench-");
        using var helm = new RealHelm(version: o.HelmVersion);
        await using var probe = await FakeProbeServer.StartAsync();
        await using var clusters = await FakeClusters.StartAsync(Path.Combine(root.Path, "kubeconfig"), "staging");
        var work = await SandboxAsync(root.Path);
        var env = Env(helm, root.Path);
        probe.Metric(BenchCase.Query, BenchCase.Good);
        Check(await ProcessRun.RunAsync("dotnet", [o.Cli, "release", "-e", "staging", "apply", "--skip-unittest"], env, cwd: work), 0, "apply (stable at 0.1.0)");
        File.WriteAllText(Path.Combine(work, "secretskit-promotion.yaml"), o.Case.Promotion(probe.BaseAddress));
        NewChartVersion(work);
        var times = new List<double>();
        for (var i = 0; i < o.Rounds; i++)
        {
            times.Add(await RoundAsync(o.Cli, env, work, probe, clusters["staging"], o.Case));
            Console.Error.WriteLine($"round {i + 1}/{o.Rounds}: {times[^1]:0.00}s from the failing sample to stable only");
        }
        var report = Report(o.Case, o.HelmVersion, times);
        Console.Write(report);
        if (o.Out is not null) await File.WriteAllTextAsync(o.Out, report);
        return 0;
    }

    /// <summary>One run of the strategy: good samples until two were taken, then failing ones; seconds from the switch to "stable only".</summary>
    private static async Task<double> RoundAsync(string cli, Dictionary<string, string?> env, string work, FakeProbeServer probe, FakeKubeApiServer cluster,
        BenchCase bench)
    {
        probe.Metric(BenchCase.Query, BenchCase.Good);
        var asked = Queries(probe);
        var run = ProcessRun.RunAsync("dotnet", [cli, "release", "-e", "staging", "apply", "--skip-unittest"], env, cwd: work, timeout: TimeSpan.FromMinutes(10));
        await UntilAsync(() => Queries(probe) >= asked + 2 || run.IsCompleted);
        if (run.IsCompleted) throw new InvalidOperationException("the run ended before its analysis took two samples:\n" + (await run).Stderr);
        probe.Metric(BenchCase.Query, BenchCase.Failing);
        var clock = Stopwatch.StartNew();
        await UntilAsync(() => bench.StableOnly(cluster) || run.IsCompleted);
        var seconds = clock.Elapsed.TotalSeconds;
        var result = await run;
        Check(result, 1, "the strategy's run (its analysis fails)");
        if (!bench.StableOnly(cluster)) throw new InvalidOperationException("the run ended without stable only:\n" + result.Stderr);
        return seconds;
    }

    private static int Queries(FakeProbeServer probe) => probe.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v1/query", StringComparison.Ordinal));

    /// <summary>Polls <paramref name="condition"/> every 10 ms (the resolution of the numbers).</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        while (!condition()) await Task.Delay(10);
    }

    private static string Report(BenchCase bench, string helmVersion, List<double> times)
    {
        var sorted = times.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"case {bench.Name}, helm {helmVersion}, {times.Count} rounds, analysis interval {bench.Interval}\n");
        sb.Append(CultureInfo.InvariantCulture, $"failing sample -> stable only: median {median:0.00}s  min {sorted[0]:0.00}s  max {sorted[^1]:0.00}s (goal: <= {bench.GoalSeconds:0}s)\n");
        sb.Append(CultureInfo.InvariantCulture, $"rounds: {string.Join(" ", times.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))}\n");
        return sb.ToString();
    }

    /// <summary>examples/pipeline and its chart, with helm's <c>--wait</c> and <c>--atomic</c> (which implies it) off.</summary>
    private static async Task<string> SandboxAsync(string root)
    {
        foreach (var name in new[] { "pipeline", "pipeline-app" })
        {
            Check(await ProcessRun.RunAsync("cp", ["-r", Path.Combine(SharedFixtures.RepositoryRoot, "examples", name), Path.Combine(root, name)]), 0, "cp " + name);
        }
        var work = Path.Combine(root, "pipeline");
        Replace(Path.Combine(work, "secretskit-release.yaml"), ("  atomic: true\n", "  atomic: false\n"), ("  wait: true\n", "  wait: false\n"));
        return work;
    }

    /// <summary>The chart's next version (0.2.0), in the chart and in the state's <c>version:</c>: what the strategy rolls out.</summary>
    private static void NewChartVersion(string work)
    {
        Replace(Path.Combine(work, "..", "pipeline-app", "Chart.yaml"), ("version: 0.1.0", "version: 0.2.0"));
        Replace(Path.Combine(work, "secretskit-release.yaml"), ("version: 0.1.0", "version: 0.2.0"));
    }

    private static void Replace(string path, params (string From, string To)[] changes)
    {
        var text = File.ReadAllText(path);
        foreach (var (from, to) in changes)
        {
            if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"{path} has no '{from.Trim()}'");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        File.WriteAllText(path, text);
    }

    private static Dictionary<string, string?> Env(RealHelm helm, string root)
    {
        var env = helm.Environment();
        env["KUBECONFIG"] = Path.Combine(root, "kubeconfig");
        env["HOME"] = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        env["SOPS_AGE_KEY_FILE"] = SharedFixtures.AllExampleKeys;
        env["USER"] = "bench";
        env["CI"] = null;
        env["DOTNET_NOLOGO"] = "1";
        return env;
    }

    private static void Check(ProcessRun.Result run, int exit, string what)
    {
        if (run.ExitCode != exit) throw new InvalidOperationException($"{what}: exit {run.ExitCode}, expected {exit}:\n{run.Stderr}{run.StdoutText}");
    }

}
