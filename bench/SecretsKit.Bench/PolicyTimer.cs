using System.Globalization;
using System.Text;
using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Bench;

/// <summary>
/// <c>--policy [rounds]</c>: the release pipeline's policy stage (Trivy's checks and the three plain-text checks)
/// against the <c>helm template</c> it sits behind, for examples/pipeline-app, the agent chart (CRDs included) and a
/// 50-release run (pipeline-app rendered under 50 release names, each scanned as the stage scans one release). The
/// plain-text checks get a provenance of 20 decrypted values and the chart's plain values, so their substring search
/// is paid. Best of <c>rounds</c> after the same warm-up as <see cref="ValidationTimer"/>. With <c>SECRETSKIT_NATIVE</c>
/// (a Native AOT <c>secretskit</c>), also the whole <c>secretskit policy</c> process; then the NOTES.txt cost
/// (<see cref="PolicyNotesTimer"/>).
/// </summary>
internal static class PolicyTimer
{
    public static void Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var root = ValidationTimer.RepositoryRoot();
        var helm = Environment.GetEnvironmentVariable("HELM_BIN") is { Length: > 0 } h ? h : Path.Combine(root, ".tools", "helm", "3.10.1", "helm");
        Console.WriteLine($"best of {rounds}; helm {helm}");
        var native = Environment.GetEnvironmentVariable("SECRETSKIT_NATIVE") is { Length: > 0 } n ? n : null;
        Console.WriteLine($"{"workload",-34} {"objects/release",15} {"helm template ms",17} {"first ms",9} {"KSV only ms",12} {"+ plain-text ms",16} {"stage/helm",11}");
        (string Name, string Chart, string[] Extra)[] workloads =
        [
            ("examples/pipeline-app", "examples/pipeline-app", []),
            ("agent chart (CRDs included)", "deploy/charts/secretskit-agent", ["--set", "crds.install=true"]),
        ];
        foreach (var (name, chart, extra) in workloads)
        {
            var rendered = "";
            var helmMs = ValidationTimer.Best(rounds, () => rendered = ValidationTimer.Template(helm, Path.Combine(root, chart), extra));
            var values = Provenance(Path.Combine(root, chart, "values.yaml"));
            Row(name, [rendered], helmMs, values, rounds);
            if (native is not null) NativeProcess(native, rendered, helmMs, rounds);
        }
        FiftyReleases(helm, root, rounds);
        PolicyNotesTimer.Run(helm, root, workloads, rounds);
    }

    /// <summary>
    /// The native <c>secretskit policy FILE</c> process (all severities, text output; exit 1 on findings) against the same
    /// binary's <c>--version</c>, best of <paramref name="rounds"/>, as the validate bench's native row.
    /// </summary>
    private static void NativeProcess(string native, string rendered, double helmMs, int rounds)
    {
        var file = Path.Combine(Path.GetTempPath(), $"policy-bench-{Environment.ProcessId}.yaml");
        File.WriteAllText(file, rendered);
        try
        {
            var start = ValidationTimer.Best(rounds, () => ValidationTimer.Run(native, "--version"));
            var policy = ValidationTimer.Best(rounds, () => ValidationTimer.RunExpecting([0, 1], native, "policy", file));
            Console.WriteLine($"{"  native process: policy / --version",-34} {"",15} {"",17} {policy,9:F1} {start,12:F1} {"",16} {(policy - start) / helmMs,10:P1} (policy minus start / helm)");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>pipeline-app under 50 release names: 50 <c>helm template</c> processes against 50 scans, one per release.</summary>
    private static void FiftyReleases(string helm, string root, int rounds)
    {
        var chart = Path.Combine(root, "examples", "pipeline-app");
        var renderings = new string[50];
        var helmMs = ValidationTimer.Best(rounds, () =>
        {
            for (var i = 0; i < renderings.Length; i++)
            {
                renderings[i] = ValidationTimer.Template(helm, chart).Replace("name: bench", $"name: bench-{i}", StringComparison.Ordinal);
            }
        });
        Row("50 releases (pipeline-app)", renderings, helmMs, Provenance(Path.Combine(chart, "values.yaml")), rounds);
    }

    private static void Row(string name, string[] renderings, double helmMs, ValueProvenance values, int rounds)
    {
        var sources = renderings.Select(r => new[] { new ManifestSource("bench", r, "default") }).ToList();
        var plain = new PolicyOptions();
        var withValues = new PolicyOptions { Values = values };
        PolicyReport? report = null;
        var first = ValidationTimer.Best(1, () => report = Scan(withValues, sources));
        ValidationTimer.WarmUp(() => Scan(withValues, sources));
        var ksv = ValidationTimer.Best(rounds, () => Scan(plain, sources));
        var all = ValidationTimer.Best(rounds, () => report = Scan(withValues, sources));
        Console.WriteLine($"{name,-34} {report!.Objects,15} {helmMs,17:F1} {first,9:F1} {ksv,12:F2} {all,16:F2} {all / helmMs,10:P1}");
    }

    private static PolicyReport Scan(PolicyOptions options, List<ManifestSource[]> sources)
    {
        PolicyReport? last = null;
        var scanner = new PolicyScanner(options);
        foreach (var s in sources) last = scanner.Scan(s, default);
        return last!;
    }

    /// <summary>The chart's values as plain values and 20 made-up decrypted values, as a release with a secrets file has.</summary>
    private static ValueProvenance Provenance(string valuesFile)
    {
        var values = new ValueProvenance();
        if (File.Exists(valuesFile)) values.AddFile("values.yaml", File.ReadAllText(valuesFile), encrypted: false);
        var secrets = new StringBuilder();
        for (var i = 0; i < 20; i++) secrets.Append(CultureInfo.InvariantCulture, $"secret{i}: bench-decrypted-value-{i:D2}-{Guid.NewGuid():N}\n");
        values.AddFile("secrets.yaml", secrets.ToString(), encrypted: true);
        return values;
    }
}
