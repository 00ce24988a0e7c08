using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Processes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Refs;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.Recipients;
using SecretsKit.Deploy.Release.Session;
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
            var named = r.GetValue(flags.Environment) ?? context.Environment.Get("HELMFILE_ENVIRONMENT") ?? StateLoadOptions.DefaultEnvironment;
            var files = StateFileDiscovery.Find(context.Environment.CurrentDirectory, r.GetValue(flags.File));
            var stateOnly = name is "list" or "build" or "show-dag"; // as helmfile: no cluster, no promotion file
            var promotion = stateOnly ? PromotionFile.Empty : PromotionFileReader.Find(r.GetValue(flags.Session.PromotionFile),
                Path.GetDirectoryName(Path.GetFullPath(files[0], context.Environment.CurrentDirectory))!, context.Environment.CurrentDirectory);
            IReadOnlyList<string> environments = stateOnly ? [named]
                : r.GetValue(flags.Session.Stages) ? [promotion.Resolve(named)[0]] // every stage's records, read once
                : promotion.Resolve(named);
            if (environments.Count == 1)
            {
                return await RunEnvironmentAsync(context, flags, r, files, promotion, environments[0], name, verb, drift, context.Stdout, context.Stderr, ct);
            }
            var stage = promotion.Stage(named)!;
            var stderr = TextWriter.Synchronized(context.Stderr);
            var since = context.Time.GetUtcNow(); // rollback-done takes back only what a record of this stage run says it did
            return await StageFanOut.RunAsync(stage, name, r.GetValue(flags.Concurrency), context.Stdout, stderr,
                (environment, verbName, stdout, c) => RunEnvironmentAsync(context, flags, r, files, promotion, environment, verbName,
                    Verbs.Single(v => v.Name == verbName).Verb, drift, stdout, stderr, c),
                (environment, _, stdout, c) => RunEnvironmentAsync(context, flags, r, files, promotion, environment, "rollback",
                    ReleaseCommand.Rollback, null, stdout, stderr, c, undoSince: since), ct);
        });
        return command;
    }

    /// <summary>One verb on one environment: loads the state for it, then runs the pipeline, or a report, through the session.</summary>
    private static async Task<int> RunEnvironmentAsync(CliContext context, Flags flags, ParseResult r, IReadOnlyList<string> files, PromotionFile promotion,
        string environment, string name, ReleaseCommand? verb, ReleaseDriftFlags? drift, Stream output, TextWriter stderr, CancellationToken ct,
        DateTimeOffset? undoSince = null)
    {
        var overrides = flags.Helmfile.Read(r, context, name, r.GetValue(flags.Validate.KubeVersion), r.GetValue(flags.ShowSecrets));
        var decryption = Decryption(context, r.GetValue(flags.AllowUnencryptedSecrets));
        var loadOptions = new StateLoadOptions(environment, r.GetValue(flags.StateValuesSet) ?? [], r.GetValue(flags.StateValuesFile) ?? [],
            r.GetValue(flags.AllowExec), context.Environment, context.Processes, decryption)
        {
            Warn = context.Warn,
            RenderValuesFiles = name is not ("list" or "show-dag" or "unlock" or "drift"), // as helmfile: these read the state, not the values
            KeylessSecrets = name == "drift", // drift reads manifests and live objects: no value, so no key
            StateValuesSetString = r.GetValue(flags.Helmfile.StateValuesSetString) ?? [],
        };
        var environmentGiven = r.GetValue(flags.Environment) is not null || context.Environment.Get("HELMFILE_ENVIRONMENT") is not null;
        using var state = await LoadAsync(files, loadOptions, environmentGiven, ct);
        await using var stdout = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        var selectors = r.GetValue(flags.Selectors) ?? [];
        if (drift is not null)
        {
            var selection = new ReleaseRunOptions(environment, selectors, DetailedExitCode: r.GetValue(flags.DetailedExitCode))
            {
                IncludeNeeds = r.GetValue(flags.IncludeNeeds),
                Overrides = overrides, // --kube-context and the selection flags, as for every verb
            };
            return await drift.RunAsync(context, r, state.File, selection, decryption, r.GetValue(flags.Helmfile.HelmBinary), stdout, stderr, ct);
        }
        if (verb is null && name != "unlock")
        {
            return Report(name, state, selectors, r.GetValue(flags.IncludeNeeds), environment, overrides, stdout);
        }
        var options = new ReleaseRunOptions(environment, selectors, r.GetValue(flags.ShowSecrets),
            r.GetValue(flags.Concurrency) is 0 ? int.MaxValue : r.GetValue(flags.Concurrency), r.GetValue(flags.DetailedExitCode))
        {
            IncludeNeeds = r.GetValue(flags.IncludeNeeds),
            ContextLines = r.GetValue(flags.Context),
            SkipDeps = r.GetValue(flags.SkipDeps),
            SkipUnitTest = r.GetValue(flags.SkipUnitTest),
            Validation = flags.Validate.Read(r),
            Policy = flags.Policy.Read(r, context, ct),
            Progress = verb is ReleaseCommand.Apply or ReleaseCommand.Sync or ReleaseCommand.Destroy or ReleaseCommand.Test or ReleaseCommand.Rollback,
            Recipients = verb is ReleaseCommand.Lint or ReleaseCommand.Apply // promote's apply included
                ? t => EnvironmentRecipients.CheckAsync(new RecipientState(files, loadOptions) { Selectors = selectors }, environment, promotion, t)
                : null,
            Overrides = overrides,
            Sealing = flags.Seal.Read(r, context, name),
        };
        var helmBinary = r.GetValue(flags.Helmfile.HelmBinary);
        var binary = helmBinary ?? new HelmRunner(context.Environment).Binary; // -b/--helm-binary, as helmfile's
        HelmBinary.Require(binary, context.Environment, helmBinary is null ? null : "--helm-binary");
        using var processes = new InterruptibleProcesses(context.Processes);
        var tools = new ReleaseTools(new HelmClient(processes, binary, state.File.BaseDirectory), decryption, context.Time, stdout, stderr, processes);
        using var clusters = new ClusterConnections(context.Environment, context.Processes, context.Time);
        var sessionOptions = flags.Session.Read(r, context, promotion, name, flags.Promote.Read(r), interactive: name == "promote" && r.GetValue(flags.Helmfile.Interactive))
            with { UndoRunSince = undoSince };
        var session = new ReleaseSession(state.File, options, tools, sessionOptions, clusters, context.Environment, processes);
        return await RunAsync(session, processes, name, verb, r.GetValue(flags.Session.Digest), r.GetValue(flags.Session.Stages), ct);
    }

    /// <summary>How the release's secrets are decrypted: SOPS with the environment's key order, references through their stores.</summary>
    private static ReleaseDecryption Decryption(CliContext context, bool allowUnencryptedSecrets)
    {
        var decrypt = new DecryptOptions(false, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
        var refs = RefResolver.FromEnvironment(new KeySourceContext(context.Environment, context.Processes, context.Time), context.Engine, decrypt);
        return new ReleaseDecryption(context.Engine, decrypt, refs)
        {
            AllowUnencryptedSecrets = allowUnencryptedSecrets,
            Remote = context.Environment,
            Warn = context.Warn,
        };
    }

    /// <summary>
    /// Runs the verb through the session (helm checked first) with its children behind <see cref="InterruptibleProcesses"/>:
    /// after a signal no new one starts, the running ones are ended and waited for, the session gives its lock back on
    /// its way out, and the exit code is 128 + the signal.
    /// </summary>
    private static async Task<int> RunAsync(ReleaseSession session, InterruptibleProcesses processes, string name, ReleaseCommand? verb, bool digest, bool stages,
        CancellationToken ct)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, processes.Interrupted);
        try
        {
            var code = name switch
            {
                "promote" => await session.PromoteAsync(run.Token),
                "rollback" when session.UndoesRun => await session.UndoRunAsync(run.Token),
                "unlock" => await session.UnlockAsync(run.Token),
                "diff" when digest => await session.DigestAsync(run.Token),
                "status" when stages => await session.StagesAsync(run.Token),
                _ => await session.RunAsync(verb!.Value, run.Token),
            };
            return processes.ExitCode ?? code;
        }
        catch (OperationCanceledException) when (processes.ExitCode is { } signalled)
        {
            return signalled; // the signal came while the lock was awaited, or after the summary, during the cleanup hooks
        }
        finally
        {
            await processes.DrainAsync(); // no child outlives the run
        }
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

    private static int Report(string name, LoadedState state, string[] selectors, bool includeNeeds, string environment, CommandLineOverrides overrides, TextWriter stdout)
    {
        // list and show-dag show a release its condition disables (list's ENABLED column); no match is an error, as for every verb
        var selected = ReleaseSelection.Select(state.File, selectors, includeNeeds, enabledOnly: false, environment, overrides: overrides);
        stdout.Write(name switch
        {
            "list" => StateReports.List(selected),
            "show-dag" => StateReports.ShowDag(state.File.Releases, selected),
            _ => StateReports.Build(state),
        });
        return 0;
    }
}
