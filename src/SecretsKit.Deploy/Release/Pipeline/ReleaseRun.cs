using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Charts;
using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The stages of one release in one run. Each stage records itself as the stage reached; a failing helm call prints
/// helm's output (secrets redacted) and makes the stage return false. <see cref="Dispose"/> removes decrypted values.
/// </summary>
internal sealed partial class ReleaseRun(ReleaseTarget target, ReleasePipelineContext context) : IDisposable
{
    private readonly long _started = context.Time.GetTimestamp();
    private ReleaseInputs? _inputs;
    private string? _rendered;
    private RenderedText? _notes;
    private ValueProvenance? _policyValues;
    private PrivateTempDirectory? _pulled;
    private string? _chartToRender;

    public ReleaseTarget Target => target;

    public string Stage { get; private set; } = "-";

    /// <summary>A stage of this release was running when the run was interrupted, and ended by it.</summary>
    public bool Interrupted { get; private set; }

    private bool _stoppedBetweenStages; // the interruption came between two stages (Enter refused the next one)

    /// <summary>The run's cancellation reached this release: in a stage (it is interrupted), or between two (it is not).</summary>
    public void Cancelled() => Interrupted |= context.Interrupted && !_stoppedBetweenStages;

    /// <summary>A stage threw (not a helm failure: e.g. a secret could not be decrypted); the error is reported by the caller.</summary>
    public bool Errored { get; set; }

    public IReadOnlyCollection<string> Sensitive =>
        context.File.SensitiveValues.Count == 0 ? _inputs?.SensitiveValues ?? [] : [.. context.File.SensitiveValues, .. _inputs?.SensitiveValues ?? []];

    public ReleaseOutcome Outcome(ReleaseResult result, ReleaseOutcome.Step? recovery = null) =>
        new(target, Stage, result, context.Time.GetElapsedTime(_started), null, recovery);

    public ReleaseOutcome Outcome(ReleaseOutcome.Step step) =>
        new(target, Stage, step.Result, context.Time.GetElapsedTime(_started), step.Revision);

    /// <summary>The release's <c>prepare</c> hooks have run (they run once, before its values are first needed).</summary>
    public bool Prepared { get; private set; }

    public async Task<IReadOnlyList<string>> ValuesAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        _inputs ??= await ReleaseInputs.PrepareAsync(target, target.Spec.BaseDirectory ?? context.File.BaseDirectory, context.Decryption, ct, context.Options.Overrides);
        return Sealed is { } sealing ? sealing.ValueArgs(_inputs, Sensitive) : _inputs.ValueArgs;
    }

    /// <summary>The release's <c>prepare</c> hooks, once, before the first stage that needs its chart or values.</summary>
    private async Task PrepareAsync(CancellationToken ct)
    {
        if (Prepared) return;
        var stage = Stage;
        if (!await HookAsync("prepare", ct)) throw new SecretsKitException(ExitCodes.Generic, $"release {target.Id}: a prepare hook failed");
        Prepared = true;
        Stage = stage; // back to the stage that needed the values (no new stage)
    }

    /// <summary>
    /// <c>helm lint</c> of the chart; a repository chart is first pulled (<see cref="ChartDirectoryAsync"/>), as helmfile
    /// does: helm lints only directories.
    /// </summary>
    public async Task<bool> LintAsync(CancellationToken ct)
    {
        Enter("lint");
        var values = await ValuesAsync(ct);
        if (await ChartDirectoryAsync(ct) is not { } chart) return false;
        Enter("lint");
        return await HelmStageAsync("lint", HelmCommandLines.Lint(target, values, chart == target.Spec.Chart ? null : chart), stream: false, ct);
    }

    /// <summary>
    /// The unittest stage: the chart's helm-unittest suites (<see cref="UnitTestStage"/>); with <paramref name="report"/>
    /// (the <c>unittest</c> verb) the runner's report goes to stdout. Passed, NoSuites or Failed.
    /// </summary>
    public async Task<ReleaseResult> UnitTestAsync(bool report, CancellationToken ct)
    {
        Enter("unittest");
        await PrepareAsync(ct);
        if (await ChartDirectoryAsync(ct) is not { } chart) return ReleaseResult.Failed;
        var progress = Begin("unittest");
        var result = await UnitTestStage.RunAsync(target, chart, context, Sensitive, report, ct);
        Interrupted |= context.Interrupted;
        progress.End(result != ReleaseResult.Failed);
        return result;
    }

    /// <summary>
    /// The chart as a directory: a local chart as the release names it; a repository chart (<c>repo/name</c>,
    /// <c>oci://…</c>, a URL) pulled once per run as its package (<c>helm pull</c>, with the release's <c>version:</c>)
    /// into a private temp dir removed with the run, and unpacked there with helm's loader rules (<see cref="ChartArchive"/>);
    /// the package is what the release record digests (<see cref="ChartAsync"/>). Null when the pull failed (said on stderr).
    /// </summary>
    private async Task<string?> ChartDirectoryAsync(CancellationToken ct)
    {
        if (!RemoteChart.IsRemote(target.Spec.Chart, context.File.BaseDirectory)) return target.Spec.Chart;
        if (_pulled is { } done) return RemoteChart.Untarred(done.Path);
        var pulled = PrivateTempDirectory.Create("secretskit-chart-");
        _pulled = pulled;
        if (!await HelmStageAsync("pull", HelmCommandLines.PullPackage(target, pulled.Path), stream: false, ct)) return null;
        if (Directory.GetFiles(pulled.Path, "*.tgz") is not [var package])
        {
            context.WriteErr($"secretskit: release {target.Id}: helm pull {target.Spec.Chart} left no single chart package\n");
            return null;
        }
        try
        {
            var identity = ChartIdentity.Of(package);
            ChartArchive.Extract(package, Path.Combine(pulled.Path, "chart"), target.Spec.Chart);
            _chart = identity;
        }
        catch (ChartArchiveException e)
        {
            context.WriteErr($"secretskit: release {target.Id}: {e.Message}\n");
            return null;
        }
        return RemoteChart.Untarred(pulled.Path);
    }

    /// <summary>
    /// The rendered manifests (rendered once per run), or null when <c>helm template</c> (or the pull before it) failed.
    /// A repository chart this run pulled is rendered from its private directory, so helm fetches it no second time. When
    /// the policy stage will look for decrypted values, a chart with a NOTES.txt is rendered from a copy that prints it too
    /// (<see cref="NotesChart"/>), the stand-in taken out of the manifests: still one <c>helm template</c>, except for a
    /// release with a post-renderer, whose NOTES.txt helm renders apart and never hands to the post-renderer, so a second
    /// <c>helm template</c> of the copy without the post-renderer prints the stand-in alone.
    /// </summary>
    public async Task<string?> TemplateAsync(CancellationToken ct)
    {
        if (_rendered is not null) return _rendered;
        Enter("template");
        var values = await ValuesAsync(ct);
        if (!await ChartToRenderAsync(ct)) return null;
        var copy = NotesChartCopy();
        using var copyDirectory = copy?.Directory;
        var separate = copy is not null && HasPostRenderer;
        var progress = Begin("template");
        var output = await context.Helm.RunAsync(HelmCommandLines.Template(target, values, KubeVersion, ApiVersions, separate ? _chartToRender : copy?.Chart ?? _chartToRender), ct);
        var notesOutput = output;
        if (Check(output) && separate) notesOutput = await context.Helm.RunAsync(HelmCommandLines.TemplateNotes(target, values, KubeVersion, ApiVersions, copy!.Value.Chart, NotesChart.StandInTemplate), ct);
        if (!progress.End(output.Ok && (!separate || Check(notesOutput)))) return null;
        if (copy is null) return _rendered = await SealedAsync(output.Stdout, ct);
        var (manifests, template, notes) = NotesChart.Split(notesOutput.Stdout);
        if (notes is not null) _notes = new RenderedText($"release {target.Id}", template!, notes);
        return _rendered = await SealedAsync(separate ? output.Stdout : manifests, ct);
    }

    private bool HasPostRenderer => target.Settings.PostRenderer is { Length: > 0 };

    /// <summary>helmfile's order: <c>--kube-version</c>, the release's <c>kubeVersion</c>, the state's.</summary>
    private string? KubeVersion => context.Options.Overrides.KubeVersion ?? target.Spec.KubeVersion ?? context.File.KubeVersion;

    private IReadOnlyList<string> ApiVersions => target.Spec.ApiVersions.Count > 0 ? target.Spec.ApiVersions : context.File.ApiVersions;

    /// <summary>Whether the policy stage looks for decrypted values in this release's NOTES.txt: it runs and the release has some.</summary>
    private bool ScansNotes => context.Options.Policy is not null && PolicyValues().Decrypted.Count > 0;

    /// <summary>
    /// Sets <see cref="_chartToRender"/>: a repository chart is pulled first (the one fetch of the run, helm then renders the
    /// pulled directory) when this run pulled it already or the policy stage will read its NOTES.txt; else null (helm
    /// locates the release's chart itself). False when the pull failed (said on stderr).
    /// </summary>
    private async Task<bool> ChartToRenderAsync(CancellationToken ct)
    {
        if (!RemoteChart.IsRemote(target.Spec.Chart, context.File.BaseDirectory) || (_pulled is null && !ScansNotes)) return true;
        return (_chartToRender = await ChartDirectoryAsync(ct)) is not null;
    }

    /// <summary>
    /// A private copy of the chart whose NOTES.txt helm will print, when the policy stage scans this release's NOTES.txt and
    /// the chart (a local directory or packaged chart, or the one pulled) has one; else null.
    /// </summary>
    private (PrivateTempDirectory Directory, string Chart)? NotesChartCopy()
    {
        if (!ScansNotes) return null;
        var chart = _chartToRender ?? Path.GetFullPath(target.Spec.Chart, context.File.BaseDirectory);
        var packaged = File.Exists(chart);
        if (!packaged && !NotesChart.HasNotes(chart)) return null;
        var copy = PrivateTempDirectory.Create("secretskit-notes-");
        try
        {
            // the copy is the private folder itself (helm names a chart from its Chart.yaml): one folder less to remove
            if (packaged && !NotesChart.WriteUnpacked(chart, copy.Path))
            {
                copy.Dispose();
                return null;
            }
            if (!packaged) NotesChart.Write(chart, copy.Path);
            return (copy, copy.Path);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The validate stage: the rendering against the rendered CRDs, <c>--schema-location</c>s and the built-in schemas.
    /// Findings and skipped kinds go to stderr (never a value); false when a document is invalid.
    /// </summary>
    public async Task<bool> ValidateAsync(string rendered, CancellationToken ct)
    {
        if (context.Validator is not { } validator) return true;
        var progress = Begin("validate");
        var kubeVersion = context.Options.Validation?.KubeVersion ?? target.Spec.KubeVersion ?? context.File.KubeVersion;
        var report = await validator.ValidateAsync([new ManifestSource($"release {target.Id}", rendered, target.Namespace)], kubeVersion, ct);
        if (report.Ok && report.Skipped.Count == 0) return progress.End(true);
        // a value outside an enum is named: one that came from a decrypted file is redacted
        var lines = SecretRedactor.Redact(report.RenderText(), Sensitive).TrimEnd('\n').Split('\n');
        context.WriteErr((report.Ok ? "" : $"secretskit: release {target.Id}: validate failed\n") + string.Concat(lines.Select(l => "  | " + l + "\n")));
        return progress.End(report.Ok);
    }

    /// <summary>template → validate → policy: the rendering when all passed (checked once per run), else null.</summary>
    public async Task<string?> RenderValidatedAsync(CancellationToken ct)
    {
        if (_validated) return _rendered;
        _validated = await TemplateAsync(ct) is { } rendered && await ValidateAsync(rendered, ct) && await CheckPolicyAsync(rendered, ct);
        return _validated ? _rendered : null;
    }

    private bool _validated;

    /// <summary>Runs the release's hooks for <paramref name="ev"/> (<paramref name="error"/>: <c>.Event.Error</c>); false when one failed.</summary>
    public async Task<bool> HookAsync(string ev, CancellationToken ct, string? error = null)
    {
        if (context.Hooks is null || !target.Spec.Hooks.Any(h => h.Events.Contains(ev, StringComparer.Ordinal))) return true;
        var progress = Begin(ev + " hooks");
        Enter(ev);
        return progress.End(await context.Hooks.RunAsync(target, HookEvent.For(context.Command, ev, global: false, error),
            target.Spec.BaseDirectory ?? context.File.BaseDirectory, Sensitive,
            context.WriteOut, context.WriteErr, ct));
    }

    public async Task<bool> UpgradeAsync(CancellationToken ct)
    {
        Enter("upgrade");
        var helmMajor = (await context.Helm.VersionAsync(ct)).Major;
        if (target.Settings.RollbackOnFailure && helmMajor < 4)
        {
            context.WriteErr($"secretskit: release {target.Id}: rollbackOnFailure requires Helm 4 or greater "
                + "(set via releases[].rollbackOnFailure or helmDefaults.rollbackOnFailure); use atomic on Helm 3\n");
            return false;
        }
        var values = await ValuesAsync(ct);
        // asked before (--interactive): the chart this run rendered and showed, not a second fetch of it
        var o = context.Options.Overrides;
        var upgrade = HelmCommandLines.Upgrade(target, values, helmMajor, o.Wait, o.Timeout, o.Confirm is not null ? _chartToRender : null, o.WaitForJobs);
        return await SealedUpgradeAsync(upgrade, helmMajor, ct);
    }

    public async Task<bool> TestAsync(CancellationToken ct)
    {
        return await HelmStageAsync("test", HelmCommandLines.Test(target, context.Options.Overrides.Timeout), stream: true, ct);
    }

    /// <summary>
    /// Returns to the newest earlier good revision; after a first install (no earlier revision) uninstalls, as
    /// <c>--atomic</c> does for a failed first install. Returns what was done, or null when that failed too. The stage
    /// is shown from the history lookup on, so a rollback that fails before helm rolls back says so as a stage too.
    /// </summary>
    public async Task<ReleaseOutcome.Step?> RollbackAsync(bool uninstallFirstInstall, CancellationToken ct)
    {
        var progress = Begin("rollback");
        var history = await context.Helm.RunAsync(HelmCommandLines.History(target), ct);
        if (!Check(history)) return Failed(progress);
        var previous = HelmReleaseInfo.PreviousRevision(HelmReleaseInfo.History(history.Stdout));
        if (previous is { } revision)
        {
            var output = await context.Helm.RunAsync(HelmCommandLines.Rollback(target, revision), ct, progress.HelmLines);
            return progress.End(Check(output, shown: progress.Streams)) ? new ReleaseOutcome.Step(ReleaseResult.RolledBack, revision) : null;
        }
        if (!uninstallFirstInstall)
        {
            context.WriteErr($"secretskit: release {target.Id}: no earlier revision to roll back to\n");
            return Failed(progress);
        }
        progress.End(true, "no earlier revision (a first install), so it is uninstalled");
        return await HelmStageAsync("uninstall", HelmCommandLines.Uninstall(target), stream: true, ct) ? new ReleaseOutcome.Step(ReleaseResult.UninstalledFirstInstall) : null;
    }

    private static ReleaseOutcome.Step? Failed(StageProgress progress)
    {
        progress.End(false);
        return null;
    }

    /// <summary>For <c>installed: false</c>: uninstalls when present (Uninstalled, NotInstalled), or null when helm failed.</summary>
    public async Task<ReleaseResult?> UninstallIfPresentAsync(CancellationToken ct)
    {
        Enter("uninstall");
        var status = await context.Helm.RunAsync(HelmCommandLines.Status(target), ct);
        if (status.NotFound) return ReleaseResult.NotInstalled;
        if (!Check(status)) return null;
        return await HelmStageAsync("uninstall", HelmCommandLines.Uninstall(target), stream: true, ct) ? ReleaseResult.Uninstalled : null;
    }

    /// <summary>The release's status (not installed when helm knows no such release), or null when helm failed.</summary>
    public async Task<ReleaseStatus?> StatusAsync(CancellationToken ct)
    {
        Enter("status");
        var status = await context.Helm.RunAsync(HelmCommandLines.Status(target), ct);
        if (status.NotFound) return ReleaseStatus.NotInstalled;
        if (!Check(status)) return null;
        var s = HelmReleaseInfo.ParseStatus(status.Stdout);
        return new ReleaseStatus(true, $"{s.State} revision {s.Revision} {s.Chart}".TrimEnd() + (s.Updated.Length > 0 ? $" updated {s.Updated}" : ""));
    }

    /// <summary>Sets <see cref="Stage"/> and starts showing it (<see cref="StageProgress"/>), which notes how it ended (<see cref="Ended"/>).</summary>
    private StageProgress Begin(string stage)
    {
        Enter(stage);
        return StageProgress.Begin(this, context, stage);
    }

    /// <summary>Begins <paramref name="stage"/>; after an interruption no stage begins (the run's token throws).</summary>
    private void Enter(string stage)
    {
        _stoppedBetweenStages = context.Interrupted;
        context.Interruption.ThrowIfCancellationRequested();
        Stage = stage;
    }

    /// <summary>One helm call as a stage; with <paramref name="stream"/>, helm's lines are shown as they come (with progress on).</summary>
    private async Task<bool> HelmStageAsync(string stage, IReadOnlyList<string> args, bool stream, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var progress = Begin(stage);
        var output = await context.Helm.RunAsync(args, ct, stream ? progress.HelmLines : null, environment);
        return progress.End(Check(output, shown: stream && progress.Streams));
    }

    /// <summary>
    /// True when helm succeeded; otherwise a line naming the stage and, unless helm's lines were already
    /// <paramref name="shown"/> as they came, what helm said (redacted).
    /// </summary>
    private bool Check(HelmOutput output, bool shown = false)
    {
        if (output.Ok) return true;
        if (context.Interrupted)
        {
            Interrupted = true;
            context.WriteErr(InterruptedStage.Describe(target, Stage, output.ExitCode));
            return false;
        }
        var said = shown ? "" : SecretRedactor.Redact((output.Stderr + output.Stdout).TrimEnd(), MessageSensitive);
        context.WriteErr($"secretskit: release {target.Id}: helm {Stage} failed (exit {output.ExitCode})\n"
            + (shown ? "" : string.Concat(said.Split('\n').Select(l => "  | " + l + "\n"))));
        return false;
    }

    public void Dispose()
    {
        _inputs?.Dispose();
        _pulled?.Dispose();
        _sealed?.Dispose();
    }
}
