using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>What a release's run leaves for its release record and for the promotion gates: stages, chart, keys, revision.</summary>
internal sealed partial class ReleaseRun
{
    private readonly List<RecordedStage> _stages = [];
    private RecordedChart? _chart;

    /// <summary>A plan diffed this release (<see cref="ReleasePipeline.PlanAsync"/>): the run deploys that rendering and diff.</summary>
    public bool Planned { get; set; }

    /// <summary>Notes how a stage ended (the last time it ran, in the order stages first ran).</summary>
    public void Ended(string stage, bool ok)
    {
        lock (_stages)
        {
            var outcome = ok ? "passed" : "failed";
            if (_stages.Find(s => s.Name == stage) is { } known) known.Outcome = outcome;
            else _stages.Add(new RecordedStage { Name = stage, Outcome = outcome });
        }
    }

    /// <summary>The stages that ran, each with passed or failed.</summary>
    public IReadOnlyList<RecordedStage> StagesRun
    {
        get
        {
            lock (_stages) return _stages.Select(s => new RecordedStage { Name = s.Name, Outcome = s.Outcome }).ToList();
        }
    }

    /// <summary>The key paths of the release's secret values (after <see cref="ValuesAsync"/>); never a value.</summary>
    public IReadOnlyCollection<string> SecretKeyPaths => _inputs?.SecretKeyPaths ?? [];

    /// <summary>The local SOPS files the release decrypted (after <see cref="ValuesAsync"/>).</summary>
    public IReadOnlyList<(string Shown, string Path)> EncryptedFiles => _inputs?.EncryptedFiles ?? [];

    /// <summary><c>sha256:…</c> of the rendering with its secrets redacted, once it was rendered.</summary>
    public string? RenderingDigest => _rendered is null ? null
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SecretRedactor.Redact(_rendered, Sensitive))));

    /// <summary>
    /// The chart's name, version and digest (<see cref="ChartIdentity"/>): a local folder or package as it is; a repository
    /// chart as the package the run pulled (<see cref="ChartDirectoryAsync"/>: one pull per run, which this makes when no
    /// stage has yet). Null when the pull failed (said on stderr).
    /// </summary>
    public async Task<RecordedChart?> ChartAsync(CancellationToken ct)
    {
        if (_chart is not null) return _chart;
        if (!RemoteChart.IsRemote(target.Spec.Chart, context.File.BaseDirectory))
        {
            return _chart = ChartIdentity.Of(Path.GetFullPath(target.Spec.Chart, context.File.BaseDirectory));
        }
        if (_pulled is not null) return null; // pulled already, and that pull failed
        var stage = Stage;
        await ChartDirectoryAsync(ct);
        Stage = stage;
        return _chart;
    }

    /// <summary>The revision helm has deployed now (<c>helm status</c>), or null when the release is not installed or helm failed.</summary>
    public async Task<int?> DeployedRevisionAsync(CancellationToken ct)
    {
        var status = await context.Helm.RunAsync(HelmCommandLines.Status(target), ct);
        return status.Ok ? HelmReleaseInfo.ParseStatus(status.Stdout).Revision : null;
    }

    /// <summary>
    /// The release's entry in the run's record, with the revision deployed at the end. helm is asked only about a release
    /// the run took to the cluster (its diff, upgrade, test or rollback ran): one stopped before that (a secret it could
    /// not decrypt, a failed lint) is recorded from what the run knows, with no revision.
    /// </summary>
    public async Task<ReleaseRecordEntry> RecordEntryAsync(ReleaseOutcome outcome, string? kubeContext, CancellationToken ct)
    {
        var reachedCluster = StagesRun.Any(s => s.Name is "diff" or "upgrade" or "test" or "rollback");
        if (StrategyRecord is { Outcome: "paused" } paused) paused.InputsDigest = await InputsDigestAsync(ct);
        var entry = new ReleaseRecordEntry
        {
            Name = target.Name,
            Namespace = target.Namespace,
            KubeContext = kubeContext,
            // a rollback deploys an earlier revision's chart, not the state's: only the chart's name is known
            Chart = context.Command == ReleaseCommand.Rollback ? new RecordedChart { Name = target.Spec.Chart }
                : (reachedCluster || !RemoteChart.IsRemote(target.Spec.Chart, context.File.BaseDirectory) || _pulled is not null ? await ChartAsync(ct) : null)
                    ?? new RecordedChart { Name = target.Spec.Chart, Version = target.Spec.Version ?? "" },
            Revision = reachedCluster ? await DeployedRevisionAsync(ct) : null,
            RenderingDigest = RenderingDigest,
            SecretKeys = [.. SecretKeyPaths.Order(StringComparer.Ordinal)],
            SecretFiles = EncryptedFiles.Select(f => new RecordedSecretFile { Path = f.Shown, Recipients = SecretFileRecipients.Read(f.Path, f.Shown) }).ToList(),
            Result = outcome.Text,
            Outcome = outcome.Failed || outcome.Result is ReleaseResult.NotRun or ReleaseResult.Paused ? "failed" : "passed",
            Strategy = StrategyRecord,
        };
        var ran = StagesRun;
        entry.Stages = [.. ran, .. RecordedStages.Standard.Where(s => ran.All(r => r.Name != s)).Select(s => new RecordedStage { Name = s, Outcome = "skipped" })];
        return entry;
    }

}
