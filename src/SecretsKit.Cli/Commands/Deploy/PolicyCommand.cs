using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>policy [FILE|DIR|-]…</c>: Trivy's Kubernetes misconfiguration checks (KSV and KCV IDs, titles, severities and verdicts of
/// trivy-checks) and the cluster's ValidatingAdmissionPolicies (<c>--admission-policy</c> and those in the input) over
/// rendered manifests, offline, e.g. <c>helm template … | secretskit policy -</c>; the inputs as
/// <c>validate</c> reads them; with <c>--deployed</c>, the rollout checks against what runs now. Exit 0 when no finding is left after <c>--severity</c> and the ignore rules, 1 when one
/// is, 2 for a bad option value or an input that cannot be read. Never prints a value.
/// </summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("inputs") { Arity = ArgumentArity.ZeroOrMore, Description = "manifest files, directories (*.yaml, *.yml, *.json) or - for stdin (default: -)" };
        var severity = new Option<string[]>("--severity", "-s") { Description = "severities to report, comma-separated (UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL; default: all)" };
        var ignoreFile = new Option<string?>("--ignorefile") { Description = "a .trivyignore: IDs (KSV017, AVD-KSV-0017) to ignore, # comments, exp:YYYY-MM-DD (default: .trivyignore when present)" };
        var deprecated = new Option<bool>("--include-deprecated-checks") { Description = "also run the checks trivy-checks marks deprecated (KSV032-KSV035)" };
        var kubeVersion = new Option<string?>("--kube-version") { Description = "Kubernetes version for the checks that depend on one (KSV026 sysctls, KSV107 deprecated APIs, KSV01011 GKE)" };
        var list = new Option<bool>("--list-checks") { Description = "list the checks (ID, AVD ID, severity, title) and exit" };
        var output = new Option<string>("--output", "-o", "--format") { Description = "text, json or sarif", DefaultValueFactory = _ => "text" };
        var values = new Option<string[]>("--values", "-f")
        {
            Description = "a values file the manifests were rendered with (repeat, in helm's order); SOPS files are decrypted in memory: enables SK-PLAINTEXT-001/002",
        };
        var admission = PolicyFlags.AdmissionPolicyOption("--admission-policy");
        var trusted = PolicyFlags.TrustedRegistryOption("--trusted-registry");
        var data = PolicyFlags.ConfigDataOption("--config-data");
        var deployed = PolicyFlags.DeployedOption("--deployed");
        var command = new Command("policy", "check Kubernetes manifests against Trivy's misconfiguration checks (KSV, KCV) and the cluster's admission policies, offline")
        {
            inputs, severity, ignoreFile, deprecated, kubeVersion, list, output, values, admission, trusted, data, deployed,
        };
        command.SetAction(async (r, ct) =>
        {
            if (r.GetValue(list))
            {
                context.Stdout.Write(Encoding.UTF8.GetBytes(ListChecks()));
                context.Stdout.Flush();
                return 0;
            }
            var format = r.GetValue(output) ?? "text";
            if (format is not ("text" or "json" or "sarif")) throw PolicyFlags.Usage($"--output: '{format}' is not text, json or sarif");
            var options = new PolicyOptions
            {
                Severities = PolicyFlags.Severities(r.GetValue(severity), "--severity"),
                Ignore = PolicyFlags.ReadIgnoreFile(context, r.GetValue(ignoreFile)),
                IncludeDeprecated = r.GetValue(deprecated),
                KubernetesVersion = r.GetValue(kubeVersion),
                Values = r.GetValue(values) is { Length: > 0 } files ? await ReadValuesAsync(context, files, ct) : null,
                AdmissionSources = PolicyFlags.ReadManifestFiles(context, r.GetValue(admission), "--admission-policy", ct),
                TrustedRegistries = PolicyFlags.TrustedRegistries(context, r.GetValue(trusted), r.GetValue(data), "--trusted-registry", "--config-data", ct),
                Today = PolicyOptions.TodayOn(context.Time),
                Deployed = r.GetValue(deployed) is { Length: > 0 } shown ? PolicyFlags.ReadManifestFiles(context, shown, "--deployed", ct) : null,
            };
            // large files are mapped, not copied; unmapped when the report is written (the last use of their trees)
            using var mapped = new MappedFiles();
            var sources = ManifestInputs.Read(context, r.GetValue(inputs) is { Length: > 0 } given ? given : ["-"], mapped, ct);
            var report = new PolicyScanner(options).Scan(sources, ct);
            if (report.Unreadable.Count > 0)
            {
                foreach (var line in report.Unreadable) context.Stderr.WriteLine($"secretskit: policy: {line}");
                return ExitCodes.CouldNotReadInputFile;
            }
            Write(context, report, format);
            if (report.BelowText("--severity", options.Severities) is { } below) context.Warn($"policy: {below}");
            return report.Ok ? 0 : 1;
        });
        return command;
    }

    /// <summary>The report on stdout in the format asked for.</summary>
    private static void Write(CliContext context, PolicyReport report, string format)
    {
        var bytes = format switch
        {
            "json" => PolicyReportJson.Write(report),
            "sarif" => PolicyReportSarif.Write(report, typeof(PolicyCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
            _ => Encoding.UTF8.GetBytes(report.RenderText()),
        };
        context.Stdout.Write(bytes);
        context.Stdout.Flush();
    }

    private static Task<ValueProvenance> ReadValuesAsync(CliContext context, string[] files, CancellationToken ct)
    {
        var decrypt = new DecryptOptions(false, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
        return PolicyValuesFiles.ReadAsync(context.Engine, decrypt, files.Select(f => (context.FullPath(f), f)), context.Warn, ct);
    }

    private static string ListChecks() =>
        string.Concat(PolicyScanner.Checks.Select(c => $"{c.Id}\t{c.AvdId}\t{c.Severity.ToString().ToUpperInvariant()}\t{(c.Deprecated ? "deprecated" : "-")}\t{c.Title}\n"));
}
