using System.CommandLine;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>The <c>release</c> flags of the validate stage (the same names as <c>secretskit validate</c>'s), plus <c>--skip-validate</c>.</summary>
internal sealed record ReleaseValidateFlags(Option<bool> Skip, Option<string?> KubeVersion, Option<bool> Strict, Option<string[]> Locations, Option<bool> Reject)
{
    public static ReleaseValidateFlags Create() => new(
        new("--skip-validate") { Description = "no validate stage after template (lint, diff, apply, sync)", Recursive = true },
        new("--kube-version") { Description = "validate against this Kubernetes version's schemas (default: the state's kubeVersion, else the newest built in)", Recursive = true },
        new("--strict") { Description = "validate: unknown fields are errors (default true; --strict=false turns it off)", DefaultValueFactory = _ => true, Recursive = true },
        new("--schema-location") { Description = "validate: a directory of CRDs / JSON schemas, or a kubeconform URL or path template (repeatable)", Recursive = true },
        new("--reject-missing-schemas") { Description = "validate: a kind with no schema is an error, not skipped", Recursive = true });

    public IEnumerable<Option> All => [Skip, KubeVersion, Strict, Locations, Reject];

    /// <summary>The stage's options, or null with --skip-validate.</summary>
    public ValidationOptions? Read(ParseResult r) =>
        r.GetValue(Skip) ? null : new ValidationOptions(r.GetValue(KubeVersion), r.GetValue(Strict), r.GetValue(Reject), r.GetValue(Locations) ?? []);
}
