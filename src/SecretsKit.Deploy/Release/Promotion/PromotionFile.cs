using SecretsKit.Deploy.Release.Locking;
using SecretsKit.Deploy.Release.Strategies;

namespace SecretsKit.Deploy.Release.Promotion;

/// <summary>
/// <c>secretskit-promotion.yaml</c>: what helmfile has no key for, kept beside the state file so the state still runs
/// under helmfile: the stages environments are promoted through, each stage's gates, the release lock, and how
/// releases are rolled out (<c>strategies:</c>: canary, blue-green).
/// </summary>
public sealed record PromotionFile(string Path, IReadOnlyList<PromotionStage> Stages, ReleaseLockSettings Lock)
{
    /// <summary>The name looked for beside the state file when <c>--promotion-file</c> is not given.</summary>
    public const string DefaultFileName = "secretskit-promotion.yaml";

    /// <summary>What a run without a promotion file uses: no stages, the default lock.</summary>
    public static PromotionFile Empty { get; } = new("", [], ReleaseLockSettings.Default);

    /// <summary><c>strategies:</c>: each names its releases; a release is in one strategy at most.</summary>
    public IReadOnlyList<ReleaseStrategy> Strategies { get; init; } = [];

    /// <summary>The strategy that rolls out <paramref name="releaseId"/> (<c>namespace/name</c>) in <paramref name="environment"/>, or null (a plain upgrade).</summary>
    public ReleaseStrategy? StrategyOf(string releaseId, string environment) => Strategies.FirstOrDefault(s => s.Covers(releaseId, environment));

    /// <summary>The stage named <paramref name="name"/>, or null.</summary>
    public PromotionStage? Stage(string name) => Stages.FirstOrDefault(s => s.Name == name);

    /// <summary>The stage that lists <paramref name="environment"/>, or null.</summary>
    public PromotionStage? StageOf(string environment) => Stages.FirstOrDefault(s => s.Environments.Contains(environment, StringComparer.Ordinal));

    /// <summary>Every environment of every stage, in the file's order.</summary>
    public IEnumerable<string> Environments => Stages.SelectMany(s => s.Environments);

    /// <summary>
    /// The environments <c>-e NAME</c> stands for: an environment a stage lists is itself; a stage's name (that is not
    /// also an environment) is its environments in order; any other name is itself (an environment outside the stages).
    /// </summary>
    public IReadOnlyList<string> Resolve(string name) =>
        StageOf(name) is not null ? [name] : Stage(name)?.Environments ?? [name];
}
