namespace SecretsKit.Deploy.Release.Records;

/// <summary>
/// What one <c>apply</c>, <c>sync</c> or <c>promote</c> left in one environment: the evidence <c>release promote</c>
/// reads before it deploys the next stage. Kept as JSON in the ConfigMap <c>secretskit-record-&lt;environment&gt;</c>
/// (key <c>record.json</c>) on the environment's kube context, and with <c>--record-file</c> on disk. It holds names,
/// versions, digests and key paths; never a secret value or a hash of one.
/// </summary>
public sealed class ReleaseRecord
{
    /// <summary>The record format; a record of another version is refused, not guessed at.</summary>
    public const string CurrentVersion = "secretskit.io/release-record/v1";

    public string Version { get; set; } = CurrentVersion;

    public string Environment { get; set; } = "";

    /// <summary>The promotion file's stage the environment belongs to, when there is one.</summary>
    public string? Stage { get; set; }

    /// <summary>The verb that wrote it: <c>apply</c>, <c>sync</c> or <c>promote</c>.</summary>
    public string Command { get; set; } = "";

    /// <summary><c>passed</c> when every selected release passed every stage it ran, else <c>failed</c>.</summary>
    public string Outcome { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset EndedAt { get; set; }

    /// <summary><c>git rev-parse HEAD</c> of the state file's directory, when it is in a work tree.</summary>
    public string? GitCommit { get; set; }

    /// <summary><c>$GITHUB_ACTOR</c>, else <c>$USER</c>.</summary>
    public string? Actor { get; set; }

    /// <summary>Set by <c>promote</c>: the record the run was promoted from.</summary>
    public PromotedFrom? PromotedFrom { get; set; }

    /// <summary>The digest of what the run applied (<c>release diff --digest</c>), when an approval or <c>--interactive</c> bound it.</summary>
    public string? ApprovalDigest { get; set; }

    public List<ReleaseRecordEntry> Releases { get; set; } = [];
}

/// <summary>Where a promoted environment's release came from: the source environment's record.</summary>
public sealed class PromotedFrom
{
    public string Environment { get; set; } = "";

    public string? Stage { get; set; }

    /// <summary>When the source record ended.</summary>
    public DateTimeOffset EndedAt { get; set; }

    /// <summary>sha256 of the source record's JSON as read.</summary>
    public string RecordDigest { get; set; } = "";
}

/// <summary>One release in a <see cref="ReleaseRecord"/>.</summary>
public sealed class ReleaseRecordEntry
{
    public string Name { get; set; } = "";

    public string Namespace { get; set; } = "";

    /// <summary>The kube context it was deployed to (helm's current one when the state names none).</summary>
    public string? KubeContext { get; set; }

    public RecordedChart Chart { get; set; } = new();

    /// <summary>The helm revision deployed at the end of the run (null: not installed).</summary>
    public int? Revision { get; set; }

    /// <summary>sha256 of the rendering with every secret value redacted.</summary>
    public string? RenderingDigest { get; set; }

    /// <summary>The key paths of the release's secret values (<c>secrets.API_TOKEN</c>), sorted; never a value.</summary>
    public List<string> SecretKeys { get; set; } = [];

    /// <summary>Each SOPS file the release read, with its recipients from the file's metadata (nothing decrypted for it).</summary>
    public List<RecordedSecretFile> SecretFiles { get; set; } = [];

    /// <summary>Each pipeline stage with <c>passed</c>, <c>failed</c> or <c>skipped</c>, in pipeline order.</summary>
    public List<RecordedStage> Stages { get; set; } = [];

    /// <summary>The RESULT column of the run's summary (<c>upgraded</c>, <c>unchanged</c>, <c>test failed, rolled back to 3</c>).</summary>
    public string Result { get; set; } = "";

    /// <summary><c>passed</c> or <c>failed</c>.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>The release's strategy as this run ran it (a <c>canary:</c>), with each step's times; null: deployed without one.</summary>
    public RecordedStrategy? Strategy { get; set; }
}

/// <summary>
/// A strategy's run: <c>canary</c>, its canary release, and how it ended: <c>completed</c> (the stable release took the
/// canary's chart and values), <c>aborted</c> (a failed step: weight 0, the canary uninstalled, the stable release
/// untouched), <c>paused</c> (a <c>pause: {}</c>: <see cref="NextStep"/> is where <c>--resume</c> goes on) or
/// <c>failed</c> (the stable release's own upgrade or test failed after the last step).
/// </summary>
public sealed class RecordedStrategy
{
    public string Kind { get; set; } = "";

    public string Release { get; set; } = "";

    public string Outcome { get; set; } = "";

    /// <summary>The check (or step) that aborted it and why; never a secret value.</summary>
    public string? Failure { get; set; }

    /// <summary>A paused run: the index of the step <c>--resume</c> runs next (0 is the first of <c>steps</c>).</summary>
    public int? NextStep { get; set; }

    /// <summary>
    /// A paused run: <c>sha256:…</c> of the chart and values the canary runs (secret values redacted, SOPS files as their
    /// ciphertext: <c>ReleasePlan.InputsDigest</c>); <c>--resume</c> refuses when they changed since.
    /// </summary>
    public string? InputsDigest { get; set; }

    public List<RecordedStrategyStep> Steps { get; set; } = [];
}

/// <summary>One step of a strategy's run (<c>install</c>, <c>setWeight 10</c>, <c>analysis http</c>, <c>pause 30s</c>, <c>promote</c>, <c>abort</c>).</summary>
public sealed class RecordedStrategyStep
{
    public string Step { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset EndedAt { get; set; }

    /// <summary><c>passed</c>, <c>failed</c>, <c>paused</c> or <c>interrupted</c>.</summary>
    public string Outcome { get; set; } = "";
}

/// <summary>The chart a release deployed: <c>Chart.yaml</c>'s name and version and the package's digest.</summary>
public sealed class RecordedChart
{
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    /// <summary><c>sha256:…</c> of the packaged chart, or of a canonical tar of a local chart folder.</summary>
    public string Digest { get; set; } = "";
}

/// <summary>A secrets file a release read and who can decrypt it.</summary>
public sealed class RecordedSecretFile
{
    public string Path { get; set; } = "";

    /// <summary><c>age:age1…</c>, <c>pgp:FINGERPRINT</c>, <c>kms:arn:…</c>: one per master key of the file's metadata.</summary>
    public List<string> Recipients { get; set; } = [];
}

/// <summary>One stage of a release's run.</summary>
public sealed class RecordedStage
{
    public string Name { get; set; } = "";

    public string Outcome { get; set; } = "";
}

/// <summary>The stages every release of an apply has, listed as <c>skipped</c> in a record when they did not run.</summary>
public static class RecordedStages
{
    public static IReadOnlyList<string> Standard { get; } = ["lint", "unittest", "template", "validate", "policy", "diff", "upgrade", "test"];
}
