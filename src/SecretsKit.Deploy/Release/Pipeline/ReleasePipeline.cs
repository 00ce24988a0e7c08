using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Hooks;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// Runs one <see cref="ReleaseCommand"/> over the selected releases of an environment in <c>needs</c> order (levels of
/// independent releases run up to <see cref="ReleaseRunOptions.Concurrency"/> at a time), stops at the first failing
/// stage, always writes the summary table to stderr, and returns the exit code (0, 1 on failure, 2 for
/// <c>diff --detailed-exitcode</c> with changes).
/// </summary>
public sealed partial class ReleasePipeline : IDisposable
{
    private readonly ReleasePipelineContext _context;
    private readonly IReadOnlyList<IReadOnlyList<ReleaseTarget>> _levels;

    public ReleasePipeline(ReleaseFile file, ReleaseRunOptions options, ReleaseTools tools)
    {
        if (!file.Environments.TryGetValue(options.Environment, out var environment))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"environment '{options.Environment}' is not defined in {file.Path}",
                file.Environments.Count == 0 ? "add it under environments:" : "defined: " + string.Join(", ", file.Environments.Keys));
        }
        if (options.Concurrency < 1) throw new SecretsKitException(ExitCodes.Generic, "--concurrency must be at least 1");
        var overrides = options.Overrides;
        var selected = ReleaseSelection.Select(file, options.Selectors, options.IncludeNeeds, enabledOnly: true, options.Environment,
            line => tools.Stderr.WriteLine("secretskit: " + line), overrides);
        var defaults = overrides.KubeContext is { } context ? file.Defaults with { KubeContext = context } : file.Defaults;
        _levels = ReleaseGraph.Levels(file.Releases, selected)
            .Select(level => (IReadOnlyList<ReleaseTarget>)level.Select(r => new ReleaseTarget(Pinned(r, options), environment, defaults)).ToList())
            .ToList();
        _context = new ReleasePipelineContext(file, options, tools);
        RefuseUnrunStrategies(options);
    }

    /// <summary>The release with the version <c>promote --pin</c> gave it, if any.</summary>
    private static ReleaseSpec Pinned(ReleaseSpec spec, ReleaseRunOptions options) =>
        options.PinnedVersions.TryGetValue(spec.Id, out var version) ? spec with { Version = version } : spec;

    /// <summary>The selected releases in the order they run.</summary>
    public IReadOnlyList<ReleaseTarget> Ordered => _levels.SelectMany(l => l).ToList();

    /// <summary>The run of each selected release, made once: a plan (<see cref="PlanAsync"/>) and the run after it share them.</summary>
    private Dictionary<ReleaseTarget, ReleaseRun> Runs => _runs ??= Ordered.ToDictionary(t => t, t => new ReleaseRun(t, _context));

    private Dictionary<ReleaseTarget, ReleaseRun>? _runs;

    public async Task<int> RunAsync(ReleaseCommand command, CancellationToken cancellationToken)
    {
        var runs = Runs;
        var outcomes = new Dictionary<ReleaseTarget, ReleaseOutcome>();
        var changes = false;
        var cleanedUp = true;
        var globalPrepared = false;
        _context.Command = command;
        _context.Interruption = cancellationToken;
        try
        {
            if (!await GlobalHookAsync("prepare", cancellationToken)) return 1;
            globalPrepared = true;
            if (command is ReleaseCommand.Lint or ReleaseCommand.Apply && !await RecipientsAsync(cancellationToken)) return 1;
            if (!await RepositoriesAsync(command, cancellationToken)) return 1;
            await VerbAsync(command, runs, outcomes, () => changes = true, cancellationToken);
        }
        catch (OperationCanceledException) when (_context.Interrupted)
        {
            // interrupted: the running stages have ended (their helm calls were waited for or ended) and none began since
        }
        finally
        {
            var rows = Ordered.Select(t => Row(t, runs[t], outcomes)).ToList();
            if (_context.Options.Record && command is ReleaseCommand.Apply or ReleaseCommand.Sync or ReleaseCommand.Rollback && !_context.Interrupted && !cancellationToken.IsCancellationRequested)
            {
                RecordEntries = await RecordEntriesAsync(rows, cancellationToken);
            }
            if (_context.Interrupted) _context.WriteErr("secretskit: interrupted: no stage or hook began after the signal (cleanup hooks not run)\n");
            else cleanedUp = await CleanupAsync(runs.Values, cancellationToken);
            if (globalPrepared && !_context.Interrupted)
            {
                var failed = rows.Where(o => o.Failed).Select(o => o.Target.Id).ToList();
                cleanedUp &= await GlobalHookAsync("cleanup", cancellationToken,
                    failed.Count == 0 ? null : $"failed processing release(s): {string.Join(", ", failed)}");
            }
            foreach (var run in runs.Values) run.Dispose();
            _context.WriteErr(ReleaseSummary.Render(rows));
        }
        if (outcomes.Values.Any(o => o.Failed || o.Result == ReleaseResult.PlaintextStored) || !cleanedUp || _context.Interrupted) return 1;
        if (outcomes.Values.Any(o => o.Result == ReleaseResult.Paused)) return ExitCodes.ReleasePaused;
        changes |= command is ReleaseCommand.Apply or ReleaseCommand.Sync && outcomes.Values.Any(o => o.Changed);
        return command is ReleaseCommand.Diff or ReleaseCommand.Apply or ReleaseCommand.Sync && changes && _context.Options.DetailedExitCode ? 2 : 0;
    }

    /// <summary>The recipient check of lint and apply (<see cref="ReleaseRunOptions.Recipients"/>): findings on stderr; false when there is one.</summary>
    private async Task<bool> RecipientsAsync(CancellationToken ct)
    {
        if (_context.Options.Recipients is not { } check) return true;
        var findings = await check(ct);
        if (findings.Count == 0) return true;
        _context.WriteErr($"secretskit: recipients ({_context.Options.Environment}): {findings.Count} finding{(findings.Count == 1 ? "" : "s")}\n"
            + string.Concat(findings.Select(f => "  | " + f + "\n")));
        return false;
    }

    /// <summary>The verb's own steps over the releases, after the prepare hooks and the repositories.</summary>
    private async Task VerbAsync(ReleaseCommand command, Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes,
        Action changed, CancellationToken ct)
    {
        switch (command)
        {
            case ReleaseCommand.Sync:
                await SyncAsync(runs, outcomes, ct);
                break;
            case ReleaseCommand.Destroy:
                if (await ConfirmDestroyAsync(runs, outcomes, ct)) await DestroyAllAsync(runs.Values.Reverse(), outcomes, ct);
                break;
            case ReleaseCommand.Apply:
                await ApplyAsync(runs, outcomes, ct);
                break;
            case ReleaseCommand.Lint:
                await LintAllAsync(runs, outcomes, ct);
                break;
            case ReleaseCommand.Rollback:
                await RollbackAllAsync(runs, outcomes, ct);
                break;
            default:
                await EachReleaseAsync(command, runs, outcomes, changed, ct);
                break;
        }
    }

    /// <summary>
    /// A release's summary row: its outcome, else not run (or error) after the stage it reached; a release whose stage an
    /// interruption ended is interrupted at that stage.
    /// </summary>
    private static ReleaseOutcome Row(ReleaseTarget target, ReleaseRun run, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes) =>
        run.Interrupted ? run.Outcome(ReleaseResult.Interrupted)
        : outcomes.TryGetValue(target, out var o) ? o : run.Outcome(run.Errored ? ReleaseResult.Error : ReleaseResult.NotRun);

    /// <summary>lint → unittest (unless --skip-unittest) → template → validate → policy, release by release.</summary>
    private async Task LintAllAsync(Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var run in Installed(runs, outcomes))
        {
            var passed = await Guarded(run, async () => await LintAndUnitTestAsync(run, cancellationToken) && await run.RenderValidatedAsync(cancellationToken) is not null);
            outcomes[run.Target] = run.Outcome(passed ? ReleaseResult.Ok : ReleaseResult.Failed);
        }
    }

    /// <summary>helm lint, then the chart's helm-unittest suites (unless --skip-unittest); false when either failed.</summary>
    private async Task<bool> LintAndUnitTestAsync(ReleaseRun run, CancellationToken ct) =>
        await run.LintAsync(ct) && (_context.Options.SkipUnitTest || await run.UnitTestAsync(report: false, ct) != ReleaseResult.Failed);

    /// <summary>Rolls the installed releases back in reverse order, stopping at the first failure.</summary>
    private static async Task RollbackAllAsync(Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var run in Installed(runs, outcomes).Reverse())
        {
            if (outcomes.Values.Any(o => o.Failed)) break;
            var done = await Guarded(run, () => run.RollbackAsync(uninstallFirstInstall: false, cancellationToken));
            outcomes[run.Target] = done is { } step ? run.Outcome(step) : run.Outcome(ReleaseResult.Failed);
        }
    }

    /// <summary>template, render, diff, test, unittest (the installed releases), status and audit-plaintext (every release), one release at a time in order.</summary>
    private async Task EachReleaseAsync(ReleaseCommand command, Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes,
        Action changed, CancellationToken cancellationToken)
    {
        var chosen = command is ReleaseCommand.Status or ReleaseCommand.AuditPlaintext ? runs.Values.ToList() : Installed(runs, outcomes).ToList();
        await EachInOrderAsync(chosen, async run => command switch
        {
            ReleaseCommand.Template => await TemplateAsync(run, cancellationToken),
            ReleaseCommand.Diff => await DiffAsync(run, changed, cancellationToken),
            ReleaseCommand.Test => await run.TestAsync(cancellationToken) ? run.Outcome(ReleaseResult.Passed) : run.Outcome(ReleaseResult.Failed),
            ReleaseCommand.UnitTest => run.Outcome(await run.UnitTestAsync(report: true, cancellationToken)),
            ReleaseCommand.Status => await StatusAsync(run, cancellationToken),
            ReleaseCommand.Render => await SealedOutput.RenderAsync(run, _context, cancellationToken),
            ReleaseCommand.AuditPlaintext => await PlaintextAudit.RunAsync(run, _context, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        }, outcomes, cancellationToken);
    }

    /// <summary>lint → unittest (all) → template → validate (all) → uninstall <c>installed: false</c> (reverse order) → per level: diff → upgrade → test (→ rollback).</summary>
    private async Task ApplyAsync(Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        var installed = runs.Values.Where(r => r.Target.Spec.Installed).ToList();
        var lintFailed = false;
        foreach (var run in installed)
        {
            if (!await Guarded(run, () => LintAndUnitTestAsync(run, ct)))
            {
                outcomes[run.Target] = run.Outcome(ReleaseResult.Failed);
                lintFailed = true;
            }
        }
        if (lintFailed || (_context.Validator is not null && !await ValidateAllAsync(installed, outcomes, ct))) return;
        if (_context.Options.Overrides.Confirm is not null)
        {
            await ApplyAsShownAsync(runs, installed, outcomes, ct);
            return;
        }
        foreach (var run in runs.Values.Where(r => !r.Target.Spec.Installed).Reverse())
        {
            var result = await Guarded(run, () => DestroyAsync(run, ct));
            outcomes[run.Target] = run.Outcome(result ?? ReleaseResult.Failed);
            if (result is null) return;
        }
        await EachInOrderAsync(installed, run => DeployAsync(run, ct), outcomes, ct);
    }

    /// <summary>
    /// template → validate for every release to install, in order, before anything changes in the cluster (a CRD rendered
    /// by a release is known when later ones are validated); false after the first failure, which gets a Failed outcome.
    /// </summary>
    private static async Task<bool> ValidateAllAsync(IEnumerable<ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        foreach (var run in runs)
        {
            if (await Guarded(run, () => run.RenderValidatedAsync(ct)) is not null) continue;
            outcomes[run.Target] = run.Outcome(ReleaseResult.Failed);
            return false;
        }
        return true;
    }

    /// <summary>
    /// template → diff → (changes) <see cref="UpgradeChangedAsync"/>. A release a plan diffed
    /// (<see cref="PlanAsync"/>) deploys what that diff showed: its rendering and diff are the plan's.
    /// </summary>
    private async Task<ReleaseOutcome> DeployAsync(ReleaseRun run, CancellationToken ct)
    {
        if (await run.TemplateAsync(ct) is not { } rendered) return run.Outcome(ReleaseResult.Failed);
        if (await PlannedOrNewDiffAsync(run, rendered, ct) is not { } diff) return run.Outcome(ReleaseResult.Failed);
        return diff.HasChanges ? await UpgradeChangedAsync(run, ct) : run.Outcome(ReleaseResult.Unchanged);
    }

    /// <summary>apply's steps for a release whose diff has changes: preapply hooks → (its canary first) presync → upgrade → postsync → test (→ rollback).</summary>
    private async Task<ReleaseOutcome> UpgradeChangedAsync(ReleaseRun run, CancellationToken ct)
    {
        if (!await run.HookAsync("preapply", ct)) return run.Outcome(ReleaseResult.Failed); // helmfile: only when apply changes the release
        return await WithStrategyAsync(run, c => UpgradeAndTestAsync(run, c), ct);
    }

    /// <summary>presync hooks → upgrade --install → postsync hooks (which run even when the upgrade failed).</summary>
    private static async Task<bool> UpgradeWithHooksAsync(ReleaseRun run, CancellationToken ct)
    {
        if (!await run.HookAsync("presync", ct)) return false;
        var upgraded = await run.UpgradeAsync(ct);
        // helmfile gives postsync hooks the release's error as .Event.Error (nil when it synced)
        var post = await run.HookAsync("postsync", ct, upgraded ? null : $"failed processing release {run.Target.Spec.Name}: helm upgrade failed");
        return upgraded && post;
    }

    /// <summary>sync: template → validate every release to install (unless --skip-validate), uninstall <c>installed: false</c> (reverse order), then upgrade --install every other release, no diff gate.</summary>
    private async Task SyncAsync(Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        if (_context.Validator is not null && !await ValidateAllAsync(runs.Values.Where(r => r.Target.Spec.Installed), outcomes, ct)) return;
        if (!await ConfirmSyncAsync(runs, outcomes, ct)) return;
        await DestroyAllAsync(runs.Values.Where(r => !r.Target.Spec.Installed).Reverse(), outcomes, ct);
        if (outcomes.Values.Any(o => o.Failed)) return;
        var installed = runs.Values.Where(r => r.Target.Spec.Installed).ToList();
        await EachInOrderAsync(installed, run => WithStrategyAsync(run, async c => await UpgradeWithHooksAsync(run, c) ? run.Outcome(ReleaseResult.Upgraded) : run.Outcome(ReleaseResult.Failed), ct), outcomes, ct);
    }

    /// <summary>helmfile's <c>cleanup</c> hooks, after the run, of every release whose <c>prepare</c> stage ran; false when one failed.</summary>
    private static async Task<bool> CleanupAsync(IEnumerable<ReleaseRun> runs, CancellationToken ct)
    {
        var ok = true;
        foreach (var run in runs.Where(r => r.Prepared)) ok &= await run.HookAsync("cleanup", ct);
        return ok;
    }

    /// <summary>
    /// The global <c>hooks:</c> for <paramref name="ev"/> (helmfile: prepare once before the run, cleanup once after it):
    /// the sub-helmfiles' first, in the order helmfile visits their states, then the state's own. helmfile runs a
    /// sub-helmfile's prepare and cleanup around its own releases; here all releases are one run, so they run around it.
    /// Prepare stops at the first failing hook; cleanup runs every state's and fails when one failed.
    /// </summary>
    private async Task<bool> GlobalHookAsync(string ev, CancellationToken ct, string? error = null)
    {
        if (_context.Hooks is not { } hooks) return true;
        var hookEvent = HookEvent.For(_context.Command, ev, global: true, error);
        var ok = true;
        foreach (var sub in _context.File.SubStates)
        {
            ok &= await hooks.RunAsync(sub.Hooks, sub.Templates, null, $"global hooks of {sub.Name}", hookEvent, sub.BaseDirectory,
                _context.File.SensitiveValues, _context.WriteOut, _context.WriteErr, ct);
            if (!ok && ev == "prepare") return false;
        }
        return await hooks.RunAsync(_context.File.Hooks, _context.File.HookTemplates, null, "global hooks", hookEvent, _context.File.BaseDirectory,
            _context.File.SensitiveValues, _context.WriteOut, _context.WriteErr, ct) && ok;
    }

    /// <summary>Destroys releases one by one in the given order; stops at the first failure.</summary>
    private static async Task DestroyAllAsync(IEnumerable<ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        foreach (var run in runs)
        {
            var result = await Guarded(run, () => DestroyAsync(run, ct));
            outcomes[run.Target] = run.Outcome(result ?? ReleaseResult.Failed);
            if (result is null) return;
        }
    }

    /// <summary>preuninstall hooks → uninstall (when installed) → postuninstall hooks. The result, or null on failure.</summary>
    private static async Task<ReleaseResult?> DestroyAsync(ReleaseRun run, CancellationToken ct)
    {
        if (!await run.HookAsync("preuninstall", ct)) return null;
        var result = await run.UninstallIfPresentAsync(ct);
        if (result == ReleaseResult.Uninstalled && !await run.HookAsync("postuninstall", ct)) return null;
        return result;
    }

    /// <summary><c>helm repo add</c> for the non-OCI repositories the selected releases' charts come from (skipped with --skip-deps).</summary>
    private async Task<bool> RepositoriesAsync(ReleaseCommand command, CancellationToken ct)
    {
        if (_context.Options.SkipDeps || command is ReleaseCommand.Status or ReleaseCommand.Rollback or ReleaseCommand.Destroy or ReleaseCommand.Test
            or ReleaseCommand.AuditPlaintext) return true;
        var used = _context.File.Repositories.Where(r => !r.Oci && Ordered.Any(t => t.Spec.Chart.StartsWith(r.Name + "/", StringComparison.Ordinal)));
        foreach (var repo in used)
        {
            var output = await _context.Helm.RunAsync(["repo", "add", repo.Name, repo.Url, "--force-update"], ct);
            if (output.Ok) continue;
            _context.WriteErr($"secretskit: helm repo add {repo.Name} failed (exit {output.ExitCode})\n  | {output.Stderr.TrimEnd()}\n");
            return false;
        }
        return true;
    }

    private async Task<ReleaseOutcome> TemplateAsync(ReleaseRun run, CancellationToken ct)
    {
        if (await run.TemplateAsync(ct) is not { } rendered) return run.Outcome(ReleaseResult.Failed);
        var shown = _context.Options.ShowSecrets ? rendered : SecretRedactor.Redact(rendered, run.Sensitive);
        _context.WriteOut(_context.Options.Overrides.OutputDir is { } dir ? TemplateOutputDirectory.Write(dir, _context.File.Path, run.Target.Name, shown) : shown);
        return run.Outcome(ReleaseResult.Ok);
    }

    private static async Task<ReleaseOutcome> DiffAsync(ReleaseRun run, Action changed, CancellationToken ct)
    {
        if (await run.RenderValidatedAsync(ct) is not { } rendered) return run.Outcome(ReleaseResult.Failed);
        if (await run.DiffAsync(rendered, ct) is not { } diff) return run.Outcome(ReleaseResult.Failed);
        if (diff.HasChanges) changed();
        return run.Outcome(diff.HasChanges ? ReleaseResult.Changes : ReleaseResult.NoChanges);
    }

    private async Task<ReleaseOutcome> StatusAsync(ReleaseRun run, CancellationToken ct)
    {
        if (await run.StatusAsync(ct) is not { } status) return run.Outcome(ReleaseResult.Failed);
        _context.WriteOut($"{run.Target.Id}: {status.Line}\n");
        return run.Outcome(status.Installed ? ReleaseResult.Ok : ReleaseResult.NotInstalled);
    }

    /// <summary>The runs of releases to install; <c>installed: false</c> ones get a "skipped" outcome.</summary>
    private static IEnumerable<ReleaseRun> Installed(Dictionary<ReleaseTarget, ReleaseRun> runs, Dictionary<ReleaseTarget, ReleaseOutcome> outcomes)
    {
        foreach (var run in runs.Values)
        {
            if (run.Target.Spec.Installed) yield return run;
            else outcomes[run.Target] = ReleaseOutcome.Skipped(run.Target);
        }
    }

    /// <summary>Level by level (up to the concurrency within a level); after a level with a failure, nothing more starts.</summary>
    private async Task EachInOrderAsync(IReadOnlyList<ReleaseRun> runs, Func<ReleaseRun, Task<ReleaseOutcome>> action,
        Dictionary<ReleaseTarget, ReleaseOutcome> outcomes, CancellationToken ct)
    {
        var chosen = runs.ToHashSet();
        foreach (var level in _levels)
        {
            var work = level.Select(t => chosen.FirstOrDefault(r => r.Target == t)).OfType<ReleaseRun>().ToList();
            var results = new ReleaseOutcome[work.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
                new ParallelOptions { MaxDegreeOfParallelism = _context.Options.Concurrency, CancellationToken = ct },
                async (i, token) => results[i] = await Guarded(work[i], () => action(work[i])));
            foreach (var r in results) outcomes[r.Target] = r;
            if (results.Any(r => r.Failed || r.Result == ReleaseResult.Paused)) return;
        }
    }

    /// <summary>Marks the run as errored when a stage throws (a decryption or ref error), so the summary names it, or as interrupted in a stage.</summary>
    private static async Task<T> Guarded<T>(ReleaseRun run, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run.Errored = true;
            throw;
        }
        catch (OperationCanceledException)
        {
            run.Cancelled();
            throw;
        }
    }
}
