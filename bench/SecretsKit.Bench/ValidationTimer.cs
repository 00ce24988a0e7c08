using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecretsKit.Deploy.Validation;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Bench;

/// <summary>
/// <c>--validate [rounds]</c>: the release pipeline's validate stage against what it sits behind. For examples/pipeline-app,
/// the agent chart (CRDs included) and, when bench/gateway-chart.sh has made it, a Gateway API chart (its CRDs' CEL rules
/// evaluated on 50 HTTPRoutes): the best wall time of the real <c>helm template --include-crds</c> process vs
/// validating its output in-process: the first validation of the process (JIT and the built-in bundle's first read
/// included), then — after a warm-up long enough for .NET's tiered JIT to replace the first-tier code, as it has in any
/// process that validated a few releases — the best with a fresh validator (the rendered CRDs read again, as in one
/// <c>release</c> run) and with a warm one. Then 1,000 documents: validating vs only parsing them (YamlDotNet).
/// With <c>SECRETSKIT_NATIVE</c> (a Native AOT <c>secretskit</c>, e.g. bench/out/aot/secretskit), also the whole
/// <c>secretskit validate</c> process on the same rendering, against that binary's <c>--version</c> (process start).
/// Best of <c>rounds</c> each; helm is <c>$HELM_BIN</c>, else the <c>.tools/helm/3.10.1/helm</c> of scripts/setup.sh.
/// </summary>
internal static class ValidationTimer
{
    private const string GatewayChart = ".tools/gateway-bench/chart";

    public static void Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var root = RepositoryRoot();
        var helm = HelmPath(root);
        Console.WriteLine($"best of {rounds}; helm {helm}");
        var native = Environment.GetEnvironmentVariable("SECRETSKIT_NATIVE") is { Length: > 0 } n ? n : null;
        Console.WriteLine($"{"workload",-38} {"docs",5} {"helm template ms",17} {"first ms",9} {"validate cold ms",17} {"warm ms",8} {"parse ms",9} {"cold/helm",10}");
        var workloads = new[]
        {
            ("examples/pipeline-app", "examples/pipeline-app", Array.Empty<string>()),
            ("agent chart (CRDs included)", "deploy/charts/secretskit-agent", ["--set", "crds.install=true"]),
        }.ToList();
        // Gateway API v1.6.1's CRDs (CEL rules) and 50 HTTPRoutes: made by bench/gateway-chart.sh into .tools
        if (Directory.Exists(Path.Combine(root, GatewayChart))) workloads.Add(("Gateway API chart (CRDs, 50 routes)", GatewayChart, []));
        else Console.WriteLine($"({GatewayChart} missing: run bench/gateway-chart.sh for the Gateway API row)");
        foreach (var (name, chart, extra) in workloads)
        {
            var rendered = "";
            var helmMs = Best(rounds, () => rendered = Template(helm, Path.Combine(root, chart), extra));
            var source = new[] { new ManifestSource("bench", rendered, "default") };
            ValidationReport? report = null;
            var first = Best(1, () => new ManifestValidator(new ValidationOptions()).ValidateAsync(source, null, default).GetAwaiter().GetResult());
            WarmUp(() => new ManifestValidator(new ValidationOptions()).ValidateAsync(source, null, default).GetAwaiter().GetResult());
            var cold = Best(rounds, () => report = new ManifestValidator(new ValidationOptions()).ValidateAsync(source, null, default).GetAwaiter().GetResult());
            if (report is not { Ok: true }) throw new InvalidOperationException($"{chart} does not validate:\n{report?.RenderText()}");
            var warmValidator = new ManifestValidator(new ValidationOptions());
            var warm = Best(rounds, () => warmValidator.ValidateAsync(source, null, default).GetAwaiter().GetResult());
            WarmUp(() => new YamlStream().Load(new StringReader(rendered)));
            var parse = Best(rounds, () => new YamlStream().Load(new StringReader(rendered)));
            Console.WriteLine($"{name,-38} {report.Documents,5} {helmMs,17:F1} {first,9:F1} {cold,17:F1} {warm,8:F1} {parse,9:F1} {cold / helmMs,9:P1} ({report.CelRulesEvaluated} CEL rules)");
            if (native is not null) NativeProcess(native, rendered, () => Template(helm, Path.Combine(root, chart), extra), rounds);
        }
        ThousandDocuments(helm, root, rounds);
    }

    /// <summary>1,000 documents (the pipeline-app rendering repeated under other names): validate vs YamlDotNet parse alone.</summary>
    private static void ThousandDocuments(string helm, string root, int rounds)
    {
        var one = Template(helm, Path.Combine(root, "examples", "pipeline-app"));
        var perRendering = one.Split("\n---", StringSplitOptions.RemoveEmptyEntries).Length;
        var text = new StringBuilder();
        var documents = 0;
        for (var i = 0; documents < 1000; i++, documents += perRendering) text.Append(one.Replace("name: bench", $"name: bench-{i}", StringComparison.Ordinal)).Append("\n---\n");
        var all = text.ToString();
        WarmUp(() => new YamlStream().Load(new StringReader(all)));
        var parse = Best(rounds, () => new YamlStream().Load(new StringReader(all)));
        var validator = new ManifestValidator(new ValidationOptions());
        var source = new[] { new ManifestSource("bench", all, "default") };
        ValidationReport? report = null;
        validator.ValidateAsync(source, null, default).GetAwaiter().GetResult(); // schemas loaded: the per-document cost is measured
        WarmUp(() => validator.ValidateAsync(source, null, default).GetAwaiter().GetResult());
        var validate = Best(rounds, () => report = validator.ValidateAsync(source, null, default).GetAwaiter().GetResult());
        Console.WriteLine($"{report!.Documents} documents: parse {parse:F1} ms, validate {validate:F1} ms ({validate / parse:F1}x the parse)");
    }

    /// <summary>Runs <paramref name="run"/> for at least 2 s and 300 times, so tiered compilation has promoted the hot methods.</summary>
    internal static void WarmUp(Action run)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 300 || watch.Elapsed < TimeSpan.FromSeconds(2); i++) run();
    }

    /// <summary>
    /// The native <c>secretskit validate FILE</c> process against the same binary's <c>--version</c> and the chart's
    /// <c>helm template</c>, the three run in turn in each of at least 40 rounds, so that all three see the same load (run
    /// apart, the host's drift between blocks moved the ratio by more than the code did): the best of each, and the
    /// median over rounds of validate minus <c>--version</c> against helm's median.
    /// </summary>
    private static void NativeProcess(string native, string rendered, Action helm, int rounds)
    {
        var file = Path.Combine(Path.GetTempPath(), $"validate-bench-{Environment.ProcessId}.yaml");
        File.WriteAllText(file, rendered);
        try
        {
            var (helmMs, start, validate, past) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            for (var r = 0; r < Math.Max(rounds, 40); r++)
            {
                helmMs.Add(Best(1, helm));
                start.Add(Best(1, () => Run(native, "--version")));
                validate.Add(Best(1, () => Run(native, "validate", file)));
                past.Add(validate[^1] - start[^1]);
            }
            Console.WriteLine($"{"  native process: validate / --version",-38} {"",5} {helmMs.Min(),17:F1} {"",9} {validate.Min(),17:F1} {start.Min(),8:F1} {"",9} {(validate.Min() - start.Min()) / helmMs.Min(),9:P1} (validate minus start / helm, bests of {helmMs.Count} interleaved rounds; medians {GatewayRounds.Median(past) / GatewayRounds.Median(helmMs):P1})");
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static void Run(string program, params string[] args) => RunExpecting([0], program, args);

    /// <summary>Runs <paramref name="program"/> to its end; an exit code not in <paramref name="exitCodes"/> throws (<c>policy</c> exits 1 on findings).</summary>
    internal static void RunExpecting(int[] exitCodes, string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (!exitCodes.Contains(process.ExitCode)) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: exit {process.ExitCode}");
    }

    /// <summary><c>$HELM_BIN</c>, else the <c>.tools/helm/3.10.1/helm</c> of scripts/setup.sh.</summary>
    internal static string HelmPath(string root) =>
        Environment.GetEnvironmentVariable("HELM_BIN") is { Length: > 0 } h ? h : Path.Combine(root, ".tools", "helm", "3.10.1", "helm");

    internal static string Template(string helm, string chart, params string[] extra)
    {
        var psi = new ProcessStartInfo(helm, ["template", "bench", chart, "--include-crds", "-n", "default", .. extra]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("helm did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"helm template {chart}: {stderr}");
    }

    internal static double Best(int rounds, Action run)
    {
        var best = double.MaxValue;
        for (var r = 0; r < rounds; r++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecretsKit.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
