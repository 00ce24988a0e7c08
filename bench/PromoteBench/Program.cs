using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.PromoteBench;

/// <summary>
/// <c>promotebench --cli secretskit.dll --helm HELM [--rounds N] [--out FILE]</c>: what <c>release promote</c> costs over
/// the same <c>apply</c> (issue #83, N1). Starts two Kubernetes API fakes with their controllers (contexts
/// <c>staging</c> and <c>prod</c>), copies <c>examples/pipeline</c> and its chart, applies staging once (its record is
/// what promote reads), then runs N interleaved rounds on prod: <c>apply</c> with a new plain value, then
/// <c>promote</c> with another, so each run upgrades and tests the same release of the same chart. Prints each run's
/// wall time and the medians; the overhead is promote's gates (the source record, helm status on staging, chart digests,
/// the plan) and its record's <c>promotedFrom</c>: both verbs hold the lock and write a record.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var cli = Arg(args, "--cli");
        var helm = Arg(args, "--helm");
        var rounds = int.Parse(Arg(args, "--rounds") ?? "10", CultureInfo.InvariantCulture);
        var outFile = Arg(args, "--out");
        if (cli is null || helm is null)
        {
            Console.Error.WriteLine("usage: promotebench --cli PATH/secretskit.dll --helm PATH/helm [--rounds 10] [--out FILE]");
            return 2;
        }
        var root = Directory.CreateTempSubdirectory("secretskit-promotebench-").FullName;
        try
        {
            await using var clusters = await FakeClusters.StartAsync(Path.Combine(root, "kubeconfig"), "staging", "prod");
            var work = Sandbox(root);
            var env = Environment(root, helm, Path.Combine(root, "kubeconfig"));
            Check(await RunAsync(cli, env, work, "-e", "staging", "apply"), "apply -e staging");
            var apply = new List<double>();
            var promote = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                SetLogLevel(work, $"apply-{i}");
                apply.Add(Check(await RunAsync(cli, env, work, "-e", "prod", "apply"), "apply -e prod"));
                SetLogLevel(work, $"promote-{i}");
                promote.Add(Check(await RunAsync(cli, env, work, "-e", "prod", "promote"), "promote -e prod"));
                Console.Error.WriteLine($"round {i + 1}/{rounds}: apply {apply[^1]:0.00}s, promote {promote[^1]:0.00}s");
            }
            var report = Report(apply, promote);
            Console.Write(report);
            if (outFile is not null) await File.WriteAllTextAsync(outFile, report);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Report(List<double> apply, List<double> promote)
    {
        var a = Median(apply);
        var p = Median(promote);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"runs per verb: {apply.Count} (interleaved)\n");
        sb.Append(CultureInfo.InvariantCulture, $"apply   median {a:0.00}s  min {apply.Min():0.00}s  max {apply.Max():0.00}s\n");
        sb.Append(CultureInfo.InvariantCulture, $"promote median {p:0.00}s  min {promote.Min():0.00}s  max {promote.Max():0.00}s\n");
        sb.Append(CultureInfo.InvariantCulture, $"overhead (median promote - median apply): {p - a:0.00}s = {(p - a) / a * 100:0.0}% (goal: <= 5% or <= 1s)\n");
        return sb.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Sandbox(string root)
    {
        var repo = RepositoryRoot();
        Copy(Path.Combine(repo, "examples", "pipeline"), Path.Combine(root, "pipeline"));
        Copy(Path.Combine(repo, "examples", "pipeline-app"), Path.Combine(root, "pipeline-app"));
        return Path.Combine(root, "pipeline");
    }

    /// <summary>A new plain value for prod's backend, so the run upgrades it (and runs its helm test).</summary>
    private static void SetLogLevel(string work, string level)
    {
        var path = Path.Combine(work, "values", "backend", "prod.yaml");
        var lines = File.ReadAllLines(path).Where(l => !l.StartsWith("logLevel:", StringComparison.Ordinal)).Append($"logLevel: {level}");
        File.WriteAllLines(path, lines);
    }

    private static Dictionary<string, string?> Environment(string root, string helm, string kubeconfig)
    {
        var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        return new Dictionary<string, string?>
        {
            ["HOME"] = home, ["KUBECONFIG"] = kubeconfig, ["HELM_BIN"] = helm, ["USER"] = "bench", ["CI"] = null,
            ["HELM_CONFIG_HOME"] = Path.Combine(home, "helm-config"), ["HELM_DATA_HOME"] = Path.Combine(home, "helm-data"),
            ["HELM_CACHE_HOME"] = Path.Combine(home, "helm-cache"), ["HELM_PLUGINS"] = Path.Combine(home, "helm-plugins"),
            ["SOPS_AGE_KEY_FILE"] = SharedFixtures.AllExampleKeys, ["DOTNET_NOLOGO"] = "1", // each environment has its own key
        };
    }

    /// <summary>One <c>secretskit release … --skip-unittest</c>; its wall time in seconds and exit code.</summary>
    private static async Task<(double Seconds, int Exit, string Output)> RunAsync(string cli, Dictionary<string, string?> env, string work, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "release" }.Concat(args).Append("--skip-unittest")) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (clock.Elapsed.TotalSeconds, process.ExitCode, await stdout + await stderr);
    }

    private static double Check((double Seconds, int Exit, string Output) run, string what) =>
        run.Exit == 0 ? run.Seconds : throw new InvalidOperationException($"{what} exited {run.Exit}:\n{run.Output}");

    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecretsKit.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
