using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Refs;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>secretskit release [-f FILE] [-e ENV] [-l sel]… VERB</c> with helmfile's verbs and flags (accepted before or after
/// the verb): the release pipeline over <c>secretskit-release.yaml</c> / <c>helmfile.yaml</c> (logic in Deploy/Release).
/// </summary>
internal static class ReleaseCommands
{
    private static readonly (string Name, ReleaseCommand? Verb, string Description)[] Verbs =
    [
        ("lint", ReleaseCommand.Lint, "helm lint each release's chart with its decrypted values, run its helm-unittest suites, then template and validate it"),
        ("template", ReleaseCommand.Template, "render each release (secrets redacted unless --show-secrets)"),
        ("diff", ReleaseCommand.Diff, "validate the rendering, compare it with the deployed manifests (secrets redacted)"),
        ("apply", ReleaseCommand.Apply, "lint, unittest, template, validate, diff, upgrade --install what changed, helm test, roll back on test failure"),
        ("sync", ReleaseCommand.Sync, "validate, then upgrade --install every release (no diff gate); uninstall installed: false ones"),
        ("test", ReleaseCommand.Test, "helm test each release"),
        ("unittest", ReleaseCommand.UnitTest, "run each release's chart's helm-unittest suites (tests/*_test.yaml) with the real helm, as secretskit unittest does"),
        ("destroy", ReleaseCommand.Destroy, "uninstall every selected release, in reverse needs order"),
        ("rollback", ReleaseCommand.Rollback, "roll each release back to its previous revision"),
        ("status", ReleaseCommand.Status, "summarise helm status of each release"),
        ("render", ReleaseCommand.Render, "render each release as template does, its Secrets sealed for the cluster (--secrets-as), to --out DIR or -"),
        ("audit-plaintext", ReleaseCommand.AuditPlaintext, "report, by values key, decrypted values that helm's stored values and manifests of each release hold (exit 1 when any)"),
        ("list", null, "list the releases of the state (no helm call)"),
        ("build", null, "print the rendered state, secrets redacted (no helm call)"),
        ("show-dag", null, "print the needs groups in the order releases run (no helm call)"),
    ];

    private sealed record Flags(
        Option<string?> File, Option<string?> Environment, Option<string[]> Selectors, Option<string[]> StateValuesSet,
        Option<string[]> StateValuesFile, Option<int> Concurrency, Option<bool> SkipDeps, Option<bool> SkipUnitTest, Option<bool> IncludeNeeds,
        Option<bool> AllowExec, Option<bool> AllowUnencryptedSecrets, Option<bool> ShowSecrets, Option<bool> SuppressSecrets, Option<bool> DetailedExitCode, Option<int> Context,
        ReleaseValidateFlags Validate, ReleasePolicyFlags Policy, ReleaseSealFlags Seal);

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
            ReleaseValidateFlags.Create(), ReleasePolicyFlags.Create(), new ReleaseSealFlags(context));
        var command = new Command("release", "run the release pipeline of a helmfile state (helmfile.yaml or secretskit-release.yaml) for one environment");
        foreach (var option in new Option[]
        {
            flags.File, flags.Environment, flags.Selectors, flags.StateValuesSet, flags.StateValuesFile, flags.Concurrency, flags.SkipDeps, flags.SkipUnitTest,
            flags.IncludeNeeds, flags.AllowExec, flags.AllowUnencryptedSecrets, flags.ShowSecrets, flags.SuppressSecrets, flags.DetailedExitCode, flags.Context,
        }.Concat(flags.Validate.All).Concat(flags.Policy.All).Concat(flags.Seal.All))
        {
            command.Add(option);
        }
        foreach (var (name, verb, description) in Verbs) command.Add(Verb(context, flags, name, verb, description));
        return command;
    }

    private static Command Verb(CliContext context, Flags flags, string name, ReleaseCommand? verb, string description)
    {
        var command = new Command(name, description);
        command.SetAction(async (r, ct) =>
        {
            var decrypt = new DecryptOptions(false, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
            var refs = RefResolver.FromEnvironment(new KeySourceContext(context.Environment, context.Processes, context.Time), context.Engine, decrypt);
            var decryption = new ReleaseDecryption(context.Engine, decrypt, refs)
            {
                AllowUnencryptedSecrets = r.GetValue(flags.AllowUnencryptedSecrets),
                Remote = context.Environment,
                Warn = context.Warn,
            };
            var environment = r.GetValue(flags.Environment) ?? context.Environment.Get("HELMFILE_ENVIRONMENT") ?? StateLoadOptions.DefaultEnvironment;
            var files = StateFileDiscovery.Find(context.Environment.CurrentDirectory, r.GetValue(flags.File));
            var loadOptions = new StateLoadOptions(environment, r.GetValue(flags.StateValuesSet) ?? [], r.GetValue(flags.StateValuesFile) ?? [],
                r.GetValue(flags.AllowExec), context.Environment, context.Processes, decryption)
            {
                Warn = context.Warn,
                RenderValuesFiles = name is not ("list" or "show-dag"), // as helmfile: these read the state, not the values
            };
            var environmentGiven = r.GetValue(flags.Environment) is not null || context.Environment.Get("HELMFILE_ENVIRONMENT") is not null;
            using var state = await LoadAsync(files, loadOptions, environmentGiven, ct);
            await using var stdout = new StreamWriter(context.Stdout, new UTF8Encoding(false), leaveOpen: true);
            if (verb is not { } pipelineVerb) return Report(name, state, r.GetValue(flags.Selectors) ?? [], r.GetValue(flags.IncludeNeeds), stdout);
            var options = new ReleaseRunOptions(environment, r.GetValue(flags.Selectors) ?? [], r.GetValue(flags.ShowSecrets),
                r.GetValue(flags.Concurrency), r.GetValue(flags.DetailedExitCode))
            {
                IncludeNeeds = r.GetValue(flags.IncludeNeeds),
                ContextLines = r.GetValue(flags.Context),
                SkipDeps = r.GetValue(flags.SkipDeps),
                SkipUnitTest = r.GetValue(flags.SkipUnitTest),
                Validation = flags.Validate.Read(r),
                Policy = flags.Policy.Read(r, context, ct),
                Progress = pipelineVerb is ReleaseCommand.Apply or ReleaseCommand.Sync or ReleaseCommand.Destroy or ReleaseCommand.Test or ReleaseCommand.Rollback,
                Sealing = flags.Seal.Read(r, context, name),
            };
            var helm = new HelmClient(context.Processes, new HelmRunner(context.Environment).Binary, state.File.BaseDirectory);
            var pipeline = new ReleasePipeline(state.File, options, new ReleaseTools(helm, decryption, context.Time, stdout, context.Stderr, context.Processes));
            return await pipeline.RunAsync(pipelineVerb, ct);
        });
        return command;
    }

    /// <summary>
    /// Loads the state; when no environment was named and the load fails (typically a template reading values only the
    /// team's environments define), the error says which environment it ran for and how to name one.
    /// </summary>
    private static async Task<LoadedState> LoadAsync(IReadOnlyList<string> files, StateLoadOptions options, bool environmentGiven, CancellationToken ct)
    {
        try
        {
            return await StateLoader.LoadAsync(files, options, ct);
        }
        catch (SecretsKitException e) when (!environmentGiven && e.Hint is null)
        {
            throw new SecretsKitException(e.ExitCode, e.Message,
                $"no environment was named, so this ran for '{options.Environment}': name one with -e ENV (or HELMFILE_ENVIRONMENT)", e);
        }
    }

    private static int Report(string name, LoadedState state, string[] selectors, bool includeNeeds, TextWriter stdout)
    {
        var selector = ReleaseSelector.Parse(selectors);
        IReadOnlyList<ReleaseSpec> selected = state.File.Releases.Where(selector.Matches).ToList();
        if (includeNeeds) selected = ReleaseGraph.WithNeeds(state.File.Releases, selected);
        stdout.Write(name switch
        {
            "list" => StateReports.List(selected),
            "show-dag" => StateReports.ShowDag(state.File.Releases, selected),
            _ => StateReports.Build(state),
        });
        return 0;
    }
}
