using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Charts;
using SecretsKit.Deploy.Diff;
using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Hooks;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The stages of one release in one run. Each stage records itself as the stage reached; a failing helm call prints
/// helm's output (secrets redacted) and makes the stage return false. <see cref="Dispose"/> removes decrypted values.
/// </summary>
internal sealed class ReleaseRun(ReleaseTarget target, ReleasePipelineContext context) : IDisposable
{
    private readonly long _started = context.Time.GetTimestamp();
    private ReleaseInputs? _inputs;
    private string? _rendered;
    private RenderedText? _notes;
    private ValueProvenance? _policyValues;
    private PrivateTempDirectory? _pulled;
    private string? _chartToRender;
    private HelmOutput? _deployed;
    private SealedRun? _sealed;

    public ReleaseTarget Target => target;

    /// <summary>The release under <c>--secrets-as</c> (placeholders for helm, sealed renderings), or null.</summary>
    public SealedRun? Sealed => _sealed ??= context.Options.Sealing is { } s ? new SealedRun(target, context, s) : null;

    public string Stage { get; private set; } = "-";

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
        _inputs ??= await ReleaseInputs.PrepareAsync(target, target.Spec.BaseDirectory ?? context.File.BaseDirectory, context.Decryption, ct);
        return Sealed is { } sealing ? sealing.ValueArgs(_inputs, Sensitive) : _inputs.ValueArgs;
    }

    /// <summary>The release's <c>prepare</c> hooks, once, before the first stage that needs its chart or values.</summary>
    private async Task PrepareAsync(CancellationToken ct)
    {
        if (Prepared) return;
        var stage = Stage;
        if (!await HookAsync("prepare", ct)) throw new SecretsKitException(ExitCodes.Generic, $"release {target.Id}: a prepare hook failed");
        Prepared = true;
        Stage = stage;
    }

    /// <summary>
    /// <c>helm lint</c> of the chart; a repository chart is first pulled (<see cref="ChartDirectoryAsync"/>), as helmfile
    /// does: helm lints only directories.
    /// </summary>
    public async Task<bool> LintAsync(CancellationToken ct)
    {
        Stage = "lint";
        var values = await ValuesAsync(ct);
        if (await ChartDirectoryAsync(ct) is not { } chart) return false;
        Stage = "lint";
        return await HelmStageAsync("lint", HelmCommandLines.Lint(target, values, chart == target.Spec.Chart ? null : chart), stream: false, ct);
    }

    /// <summary>
    /// The unittest stage: the chart's helm-unittest suites (<see cref="UnitTestStage"/>); with <paramref name="report"/>
    /// (the <c>unittest</c> verb) the runner's report goes to stdout. Passed, NoSuites or Failed.
    /// </summary>
    public async Task<ReleaseResult> UnitTestAsync(bool report, CancellationToken ct)
    {
        Stage = "unittest";
        await PrepareAsync(ct);
        if (await ChartDirectoryAsync(ct) is not { } chart) return ReleaseResult.Failed;
        var progress = Begin("unittest");
        var result = await UnitTestStage.RunAsync(target, chart, context, Sensitive, report, ct);
        progress.End(result != ReleaseResult.Failed);
        return result;
    }

    /// <summary>
    /// The chart as a directory: a local chart as the release names it; a repository chart (<c>repo/name</c>,
    /// <c>oci://…</c>, a URL) pulled once per run (<c>helm pull --untar</c>, with the release's <c>version:</c>) into a
    /// private temp dir removed with the run. Null when the pull failed (said on stderr).
    /// </summary>
    private async Task<string?> ChartDirectoryAsync(CancellationToken ct)
    {
        if (!RemoteChart.IsRemote(target.Spec.Chart, context.File.BaseDirectory)) return target.Spec.Chart;
        if (_pulled is { } done) return RemoteChart.Untarred(done.Path);
        var pulled = PrivateTempDirectory.Create("secretskit-chart-");
        _pulled = pulled;
        if (!await HelmStageAsync("pull", HelmCommandLines.Pull(target, pulled.Path), stream: false, ct)) return null;
        if (RemoteChart.Untarred(pulled.Path) is { } chartDirectory) return chartDirectory;
        context.WriteErr($"secretskit: release {target.Id}: helm pull {target.Spec.Chart} left no chart directory\n");
        return null;
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
        Stage = "template";
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

    /// <summary>Under <c>--secrets-as</c>, the rendering with its Secrets sealed (<see cref="SealedRun.SealRenderingAsync"/>); otherwise as it is.</summary>
    private async Task<string> SealedAsync(string rendered, CancellationToken ct) => Sealed is not { } sealing ? rendered
        : await sealing.SealRenderingAsync(rendered, async () => await DeployedAsync(ct) is { Ok: true } d ? d.Stdout : null, ct);

    /// <summary><c>helm get manifest</c> of the release, asked once per run (before the upgrade).</summary>
    private async Task<HelmOutput> DeployedAsync(CancellationToken ct) => _deployed ??= await context.Helm.RunAsync(HelmCommandLines.GetManifest(target), ct);

    private string? KubeVersion => target.Spec.KubeVersion ?? context.File.KubeVersion;

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

    /// <summary>The release's values with their sources (decrypted ones included), for <c>audit-plaintext</c>.</summary>
    public async Task<ValueProvenance> ValueSourcesAsync(CancellationToken ct)
    {
        await ValuesAsync(ct);
        return PolicyValues();
    }

    /// <summary>The values the release was rendered with, for the plain-text checks: the state's and the release's (once per run).</summary>
    private ValueProvenance PolicyValues()
    {
        if (_policyValues is { } known) return known;
        var values = new ValueProvenance();
        values.Include(context.File.StateProvenance);
        if (_inputs is not null) values.Include(_inputs.Provenance);
        return _policyValues = values;
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
        var lines = report.RenderText().TrimEnd('\n').Split('\n');
        context.WriteErr((report.Ok ? "" : $"secretskit: release {target.Id}: validate failed\n") + string.Concat(lines.Select(l => "  | " + l + "\n")));
        return progress.End(report.Ok);
    }

    /// <summary>
    /// The policy stage: Trivy's misconfiguration checks and the cluster's admission policies over the rendering
    /// (<see cref="PolicyScanner"/>); findings of the chosen severities go to stderr (never a value) and fail the release,
    /// except an admission policy's Warn and Audit, which are shown only. Documents it cannot read are validate's to report.
    /// </summary>
    public bool CheckPolicy(string rendered, CancellationToken ct)
    {
        if (context.Options.Policy is not { } options) return true;
        var progress = Begin("policy");
        var report = new PolicyScanner(options with { KubernetesVersion = options.KubernetesVersion ?? target.Spec.KubeVersion ?? context.File.KubeVersion, Values = PolicyValues() })
            .Scan([new ManifestSource($"release {target.Id}", rendered, target.Namespace)], ct, _notes is null ? null : [_notes]);
        if (report.Findings.Count == 0) return progress.End(true);
        context.WriteErr((report.Ok ? "" : $"secretskit: release {target.Id}: policy failed\n") + string.Concat(report.Findings.Select(f => "  | " + f + "\n")));
        return progress.End(report.Ok);
    }

    /// <summary>template → validate → policy: the rendering when all passed, else null.</summary>
    public async Task<string?> RenderValidatedAsync(CancellationToken ct) =>
        await TemplateAsync(ct) is { } rendered && await ValidateAsync(rendered, ct) && CheckPolicy(rendered, ct) ? rendered : null;

    /// <summary>Rendered (without hooks) vs deployed (<c>helm get manifest</c>; absent = new); null when helm failed.</summary>
    public async Task<ManifestDiffResult?> DiffAsync(string rendered, CancellationToken ct)
    {
        var progress = Begin("diff");
        var deployed = await DeployedAsync(ct);
        if (!deployed.Ok && !deployed.NotFound)
        {
            progress.End(Check(deployed));
            return null;
        }
        var result = ManifestDiff.Compare(deployed.Ok ? deployed.Stdout : null, HookDocuments.Remove(rendered),
            new ManifestDiffOptions(context.Options.ShowSecrets, Sensitive, context.Options.ContextLines, target.Namespace));
        context.WriteOut(result.HasChanges
            ? $"=== {target.Id} ({context.Options.Environment}){(deployed.Ok ? "" : " not installed yet")}: {result.Added} added, {result.Removed} removed, {result.Changed} changed\n{result.Text}"
              + (result.Text.EndsWith('\n') ? "" : "\n")
            : $"=== {target.Id} ({context.Options.Environment}): no changes\n");
        progress.End(true);
        return result;
    }

    /// <summary>Runs the release's hooks for <paramref name="ev"/> (<paramref name="error"/>: <c>.Event.Error</c>); false when one failed.</summary>
    public async Task<bool> HookAsync(string ev, CancellationToken ct, string? error = null)
    {
        if (context.Hooks is null || !target.Spec.Hooks.Any(h => h.Events.Contains(ev, StringComparer.Ordinal))) return true;
        var progress = Begin(ev + " hooks");
        Stage = ev;
        return progress.End(await context.Hooks.RunAsync(target, HookEvent.For(context.Command, ev, global: false, error),
            target.Spec.BaseDirectory ?? context.File.BaseDirectory, Sensitive,
            context.WriteOut, context.WriteErr, ct));
    }

    public async Task<bool> UpgradeAsync(CancellationToken ct)
    {
        Stage = "upgrade";
        var helmMajor = (await context.Helm.VersionAsync(ct)).Major;
        if (target.Settings.RollbackOnFailure && helmMajor < 4)
        {
            context.WriteErr($"secretskit: release {target.Id}: rollbackOnFailure requires Helm 4 or greater "
                + "(set via releases[].rollbackOnFailure or helmDefaults.rollbackOnFailure); use atomic on Helm 3\n");
            return false;
        }
        var values = await ValuesAsync(ct);
        if (Sealed is not { } sealing) return await HelmStageAsync("upgrade", HelmCommandLines.Upgrade(target, values, helmMajor), stream: true, ct);
        var (postRenderer, environment) = await sealing.PostRendererAsync(helmMajor, async () => await DeployedAsync(ct) is { Ok: true } d ? d.Stdout : null, ct);
        return await HelmStageAsync("upgrade", [.. HelmCommandLines.Upgrade(target, values, helmMajor), .. postRenderer], stream: true, ct, environment)
            && (!target.Settings.Wait || await SealedReadyAsync(sealing, ct));
    }

    /// <summary>The wait for the agent to decrypt the release's SopsSecrets (part of <c>--wait</c>); false, said on stderr, when it did not.</summary>
    private async Task<bool> SealedReadyAsync(SealedRun sealing, CancellationToken ct)
    {
        var progress = Begin("sopssecrets");
        var failed = await sealing.ReadyAsync(ct);
        if (failed is not null) context.WriteErr($"secretskit: release {target.Id}: the agent did not decrypt its SopsSecrets:\n" + string.Concat(failed.Split('\n').Select(l => "  | " + l + "\n")));
        return progress.End(failed is null);
    }

    public async Task<bool> TestAsync(CancellationToken ct)
    {
        return await HelmStageAsync("test", HelmCommandLines.Test(target), stream: true, ct);
    }

    /// <summary>
    /// Returns to the newest earlier good revision; after a first install (no earlier revision) uninstalls, as
    /// <c>--atomic</c> does for a failed first install. Returns what was done, or null when that failed too.
    /// </summary>
    public async Task<ReleaseOutcome.Step?> RollbackAsync(bool uninstallFirstInstall, CancellationToken ct)
    {
        Stage = "rollback";
        var history = await context.Helm.RunAsync(HelmCommandLines.History(target), ct);
        if (!Check(history)) return null;
        var previous = HelmReleaseInfo.PreviousRevision(HelmReleaseInfo.History(history.Stdout));
        if (previous is { } revision)
        {
            return await HelmStageAsync("rollback", HelmCommandLines.Rollback(target, revision), stream: true, ct) ? new ReleaseOutcome.Step(ReleaseResult.RolledBack, revision) : null;
        }
        if (!uninstallFirstInstall)
        {
            context.WriteErr($"secretskit: release {target.Id}: no earlier revision to roll back to\n");
            return null;
        }
        return await HelmStageAsync("uninstall", HelmCommandLines.Uninstall(target), stream: true, ct) ? new ReleaseOutcome.Step(ReleaseResult.UninstalledFirstInstall) : null;
    }

    /// <summary>For <c>installed: false</c>: uninstalls when present (Uninstalled, NotInstalled), or null when helm failed.</summary>
    public async Task<ReleaseResult?> UninstallIfPresentAsync(CancellationToken ct)
    {
        Stage = "uninstall";
        var status = await context.Helm.RunAsync(HelmCommandLines.Status(target), ct);
        if (status.NotFound) return ReleaseResult.NotInstalled;
        if (!Check(status)) return null;
        return await HelmStageAsync("uninstall", HelmCommandLines.Uninstall(target), stream: true, ct) ? ReleaseResult.Uninstalled : null;
    }

    /// <summary>The release's status (not installed when helm knows no such release), or null when helm failed.</summary>
    public async Task<ReleaseStatus?> StatusAsync(CancellationToken ct)
    {
        Stage = "status";
        var status = await context.Helm.RunAsync(HelmCommandLines.Status(target), ct);
        if (status.NotFound) return ReleaseStatus.NotInstalled;
        if (!Check(status)) return null;
        var s = HelmReleaseInfo.ParseStatus(status.Stdout);
        return new ReleaseStatus(true, $"{s.State} revision {s.Revision} {s.Chart}".TrimEnd() + (s.Updated.Length > 0 ? $" updated {s.Updated}" : ""));
    }

    /// <summary>Sets <see cref="Stage"/> and starts showing it (<see cref="StageProgress"/>).</summary>
    private StageProgress Begin(string stage)
    {
        Stage = stage;
        return StageProgress.Begin(this, context, stage);
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
        var said = shown ? "" : SecretRedactor.Redact((output.Stderr + output.Stdout).TrimEnd(), Sensitive);
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
