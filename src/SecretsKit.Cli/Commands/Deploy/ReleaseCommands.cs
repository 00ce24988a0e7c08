using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Processes;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Release.Session;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>secretskit release [-f FILE] [-e ENV] [-l sel]… VERB</c> with helmfile's verbs and flags (accepted before or after
/// the verb): the release pipeline over <c>secretskit-release.yaml</c> / <c>helmfile.yaml</c> (logic in Deploy/Release).
/// </summary>
internal static class ReleaseCommands
{
    private static readonly (string Name, ReleaseCommand? Verb, string Description)[] Verbs =
    [
        ("lint", ReleaseCommand.Lint, "helm lint each release's chart with its decrypted values, run its helm-unittest suites, then template, validate and policy-check it"),
        ("template", ReleaseCommand.Template, "render each release (secrets redacted unless --show-secrets)"),
        ("diff", ReleaseCommand.Diff, "validate and policy-check the rendering, compare it with the deployed manifests (secrets redacted)"),
        ("apply", ReleaseCommand.Apply, "lint, unittest, template, validate, policy-check, diff, upgrade --install what changed, helm test, roll back on test failure"),
        ("sync", ReleaseCommand.Sync, "validate and policy-check, then upgrade --install every release (no diff gate); uninstall installed: false ones"),
        ("test", ReleaseCommand.Test, "helm test each release"),
        ("unittest", ReleaseCommand.UnitTest, "run each release's chart's helm-unittest suites (tests/*_test.yaml) with the real helm, as secretskit unittest does"),
        ("destroy", ReleaseCommand.Destroy, "uninstall every selected release, in reverse needs order"),
        ("rollback", ReleaseCommand.Rollback, "roll each release back to its previous revision"),
        ("status", ReleaseCommand.Status, "summarise helm status of each release (--stages: what each stage's environments run, from their records)"),
        ("promote", ReleaseCommand.Apply, "apply to this environment what its source stage verified, after the promotion file's gates (exit 10 when one refuses)"),
        ("unlock", null, "print who holds this environment's release lock, and clear it"),
        ("render", ReleaseCommand.Render, "render each release as template does, its Secrets sealed for the cluster (--secrets-as), to --out DIR or -"),
        ("audit-plaintext", ReleaseCommand.AuditPlaintext, "report, by values key, decrypted values that helm's stored values and manifests of each release hold (exit 1 when any)"),
        ("list", null, "list the releases of the state (no helm call)"),
        ("build", null, "print the rendered state, secrets redacted (no helm call)"),
        ("show-dag", null, "print the needs groups in the order releases run (no helm call)"),
        ("drift", null, "compare what helm applied (helm get manifest) with the live objects: changed fields, missing objects, Secret keys by hash"),
    ];

    private sealed record Flags(
        Option<string?> File, Option<string?> Environment, Option<string[]> Selectors, Option<string[]> StateValuesSet,
        Option<string[]> StateValuesFile, Option<int> Concurrency, Option<bool> SkipDeps, Option<bool> SkipUnitTest, Option<bool> IncludeNeeds,
        Option<bool> AllowExec, Option<bool> AllowUnencryptedSecrets, Option<bool> ShowSecrets, Option<bool> SuppressSecrets, Option<bool> DetailedExitCode, Option<int> Context,
        ReleaseValidateFlags Validate, ReleasePolicyFlags Policy, ReleaseHelmfileFlags Helmfile, ReleaseRefusedFlags Refused, ReleaseSessionFlags Session,
        PromoteFlags Promote, ReleaseSealFlags Seal);

    public static Command Create(CliContext context)
    {
        var flags = new Flags(
            new("--file", "-f") { Description = "state file or directory (default: secretskit-release.yaml, helmfile.yaml, helmfile.yaml.gotmpl, helmfile.d/)", Recursive = true },
            new("--environment", "-e") { Description = "environment (default: $HELMFILE_ENVIRONMENT, else default)", Recursive = true },
            new("--selector", "-l") { Description = "key=value[,key!=value] (repeat for OR; name, namespace, chart are implicit)", Recursive = true },
            new("--state-values-set") { Description = "set state values: a.b=v[,c=w] (repeatable)", Recursive = true },
            new("--state-values-file") { Description = "state values file merged over the environment's (repeatable)", Recursive = true },
            new("--concurrency") { Description = "releases without mutual needs run in parallel up to N", DefaultValueFactory = _ => 1, Recursive = true },
            new("--skip-deps") { Description = "no helm repo add before the run", Recursive = true },
            new("--skip-unittest") { Description = "no unittest stage (the charts' helm-unittest suites) in lint and apply", Recursive = true },
            new("--include-needs") { Description = "with -l, also run the releases the selected ones need", Recursive = true },
            new("--allow-exec") { Description = "let state templates run commands with exec", Recursive = true },
            new("--allow-unencrypted-secrets") { Description = "use a file under secrets: that is not SOPS-encrypted as it is (refused by default: File is not encrypted)", Recursive = true },
            new("--show-secrets") { Description = "print secret values in diff/template output (debugging only)", Recursive = true },
            new("--suppress-secrets") { Description = "redact secrets in diff output (the default)", Recursive = true },
            new("--detailed-exitcode") { Description = "diff/apply/sync: exit 2 when there are (or were) changes", Recursive = true },
            new("--context") { Description = "diff: unchanged lines around each change", DefaultValueFactory = _ => 3, Recursive = true },
            ReleaseValidateFlags.Create(), ReleasePolicyFlags.Create(), ReleaseHelmfileFlags.Create(), new ReleaseRefusedFlags(), ReleaseSessionFlags.Create(),
            PromoteFlags.Create(), new ReleaseSealFlags(context));
        var command = new Command("release", "run the release pipeline of a helmfile state (helmfile.yaml or secretskit-release.yaml) for one environment");
        foreach (var option in new Option[]
        {
            flags.File, flags.Environment, flags.Selectors, flags.StateValuesSet, flags.StateValuesFile, flags.Concurrency, flags.SkipDeps, flags.SkipUnitTest,
            flags.IncludeNeeds, flags.AllowExec, flags.AllowUnencryptedSecrets, flags.ShowSecrets, flags.SuppressSecrets, flags.DetailedExitCode, flags.Context,
        }.Concat(flags.Validate.All).Concat(flags.Policy.All).Concat(flags.Helmfile.All).Concat(flags.Refused.All).Concat(flags.Session.All).Concat(flags.Seal.All))
        {
            command.Add(option);
        }
        foreach (var (name, verb, description) in Verbs) command.Add(Verb(context, flags, name, verb, description));
        return command;
    }

    private static Command Verb(CliContext context, Flags flags, string name, ReleaseCommand? verb, string description)
    {
        var command = new Command(name, description);
        if (name == "promote") foreach (var option in flags.Promote.All) command.Add(option);
        var drift = name == "drift" ? ReleaseDriftFlags.AddTo(command) : null;
        command.SetAction(async (r, ct) =>
        {
            flags.Refused.Refuse(r);
            var host = new ReleaseHost(context.Environment, context.Processes, context.Time, context.Engine, context.Stdout, context.Stderr,
                context.Warn, processes => new InterruptibleProcesses(processes));
            return await ReleaseRunner.RunAsync(host, Request(context, flags, r, name, verb, drift, ct), ct);
        });
        return command;
    }

    /// <summary>
    /// The command line as the runner's request. The stages' options, sealing and the session's are read (and their
    /// flags checked) only for the verbs that run the pipeline, and unlock.
    /// </summary>
    private static ReleaseRequest Request(CliContext context, Flags flags, ParseResult r, string name, ReleaseCommand? verb, ReleaseDriftFlags? drift,
        CancellationToken ct)
    {
        var pipeline = verb is not null || name == "unlock";
        var showSecrets = r.GetValue(flags.ShowSecrets);
        return new ReleaseRequest
        {
            Verb = name,
            Command = verb,
            File = r.GetValue(flags.File),
            Environment = r.GetValue(flags.Environment),
            Selectors = r.GetValue(flags.Selectors) ?? [],
            StateValuesSet = r.GetValue(flags.StateValuesSet) ?? [],
            StateValuesSetString = r.GetValue(flags.Helmfile.StateValuesSetString) ?? [],
            StateValuesFile = r.GetValue(flags.StateValuesFile) ?? [],
            Concurrency = r.GetValue(flags.Concurrency),
            SkipDeps = r.GetValue(flags.SkipDeps),
            SkipUnitTest = r.GetValue(flags.SkipUnitTest),
            IncludeNeeds = r.GetValue(flags.IncludeNeeds),
            AllowExec = r.GetValue(flags.AllowExec),
            AllowUnencryptedSecrets = r.GetValue(flags.AllowUnencryptedSecrets),
            ShowSecrets = showSecrets,
            DetailedExitCode = r.GetValue(flags.DetailedExitCode),
            ContextLines = r.GetValue(flags.Context),
            Overrides = flags.Helmfile.Read(r, context, name, r.GetValue(flags.Validate.KubeVersion), showSecrets),
            HelmBinary = r.GetValue(flags.Helmfile.HelmBinary),
            Validation = pipeline ? flags.Validate.Read(r) : null,
            Policy = pipeline ? flags.Policy.Read(r, context, ct) : null,
            Sealing = pipeline ? flags.Seal.Read(r, context, name) : null,
            PromotionFile = r.GetValue(flags.Session.PromotionFile),
            Session = pipeline
                ? flags.Session.Read(r, context, name, flags.Promote.Read(r), interactive: name == "promote" && r.GetValue(flags.Helmfile.Interactive))
                : null,
            LockWait = r.GetValue(flags.Session.LockWait),
            LockTtl = r.GetValue(flags.Session.LockTtl),
            Digest = r.GetValue(flags.Session.Digest),
            Stages = r.GetValue(flags.Session.Stages),
            Drift = drift?.Read(r),
        };
    }
}
