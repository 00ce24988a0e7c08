using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>The <c>release</c> flags of the policy stage (after validate in lint, diff, apply, sync): <c>--skip-policy</c>, the severities that fail a release, the <c>.trivyignore</c>, the cluster's admission policies, the registries KSV0125 trusts.</summary>
internal sealed record ReleasePolicyFlags(Option<bool> Skip, Option<string[]> Severity, Option<string?> IgnoreFile, Option<string[]> Admission,
    Option<string[]> TrustedRegistry, Option<string[]> ConfigData)
{
    public static ReleasePolicyFlags Create() => new(
        new("--skip-policy") { Description = "no policy stage after validate (lint, diff, apply, sync)", Recursive = true },
        new("--policy-severity") { Description = "policy: severities that fail a release, comma-separated (default CRITICAL; the seed pipeline's trivy line: HIGH,CRITICAL)", Recursive = true },
        new("--policy-ignorefile") { Description = "policy: a .trivyignore (default: .trivyignore when present)", Recursive = true },
        PolicyFlags.AdmissionPolicyOption("--policy-admission-policy"),
        PolicyFlags.TrustedRegistryOption("--policy-trusted-registry"),
        PolicyFlags.ConfigDataOption("--policy-config-data"));

    public IEnumerable<Option> All => [Skip, Severity, IgnoreFile, Admission, TrustedRegistry, ConfigData];

    /// <summary>The stage's options, or null with --skip-policy.</summary>
    public PolicyOptions? Read(ParseResult r, CliContext context, CancellationToken ct)
    {
        if (r.GetValue(Skip)) return null;
        var severities = PolicyFlags.Severities(r.GetValue(Severity), "--policy-severity");
        return new PolicyOptions
        {
            Severities = severities.Count > 0 ? severities : [PolicySeverity.Critical],
            Ignore = PolicyFlags.ReadIgnoreFile(context, r.GetValue(IgnoreFile)),
            AdmissionSources = PolicyFlags.ReadManifestFiles(context, r.GetValue(Admission), "--policy-admission-policy", ct),
            TrustedRegistries = PolicyFlags.TrustedRegistries(context, r.GetValue(TrustedRegistry), r.GetValue(ConfigData),
                "--policy-trusted-registry", "--policy-config-data", ct),
            Today = PolicyOptions.TodayOn(context.Time),
        };
    }
}
