namespace SecretsKit.Deploy.Release.Promotion;

/// <summary>
/// What <c>release promote</c> checks before it writes to a stage's clusters (the stage's <c>gates:</c>). A stage
/// promoted <c>from</c> another gets <see cref="FromSource"/> unless it says otherwise.
/// </summary>
/// <param name="SourceVerified">The source stage's record exists, every selected release passed it, and its deployed revision is still the recorded one.</param>
/// <param name="SameChart">The target deploys the chart version and digest the source verified.</param>
/// <param name="SecretKeys">Whether the target's secret values must have the source's key paths.</param>
/// <param name="Recipients">Whether every secrets file the target uses must be encrypted to its own environment's recipients only.</param>
/// <param name="MaxSourceAge">The source record is younger than this (null: any age).</param>
/// <param name="MinSoak">The source record ended at least this long ago.</param>
/// <param name="Approval">Whether the run must be given the digest of what it applies (<c>--approved-digest</c>).</param>
public sealed record PromotionGates(
    bool SourceVerified, bool SameChart, SecretKeysGate SecretKeys, RecipientsGate Recipients, TimeSpan? MaxSourceAge, TimeSpan MinSoak,
    ApprovalGate Approval)
{
    /// <summary>The gates of a stage promoted from another when its <c>gates:</c> leaves them out.</summary>
    public static PromotionGates FromSource { get; } =
        new(true, true, SecretKeysGate.Same, RecipientsGate.Isolated, null, TimeSpan.Zero, ApprovalGate.None);

    /// <summary>The gates of a first stage (no <c>from</c>): only those about the stage itself.</summary>
    public static PromotionGates FirstStage { get; } =
        new(false, false, SecretKeysGate.Any, RecipientsGate.Isolated, null, TimeSpan.Zero, ApprovalGate.None);
}

/// <summary><c>gates.secretKeys</c>.</summary>
public enum SecretKeysGate
{
    /// <summary><c>any</c>: not checked.</summary>
    Any,

    /// <summary><c>same</c>: the target's secret values have exactly the source's key paths.</summary>
    Same,
}

/// <summary><c>gates.recipients</c>.</summary>
public enum RecipientsGate
{
    /// <summary><c>any</c>: not checked.</summary>
    Any,

    /// <summary><c>isolated</c>: no recipient outside the file's rule, none missing, none shared with another environment.</summary>
    Isolated,
}

/// <summary><c>gates.approval</c>.</summary>
public enum ApprovalGate
{
    /// <summary><c>none</c>.</summary>
    None,

    /// <summary><c>diff-digest</c>: <c>--approved-digest</c> must equal what <c>release diff --digest</c> prints for the target.</summary>
    DiffDigest,
}
