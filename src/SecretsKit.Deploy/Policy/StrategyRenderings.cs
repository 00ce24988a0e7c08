using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// The renderings of the releases a rollout strategy runs beside the stable release, the same chart and values under
/// another release name (<see cref="Releases"/>: the canary release at weight 0, or each blue-green color), for the
/// rollout checks SK-ROLLOUT-002 and -003; <see cref="Strategy"/> names them in messages (<c>canary</c>, <c>blue-green color</c>).
/// </summary>
public sealed record StrategyRenderings(string Strategy, IReadOnlyList<StrategyRelease> Releases)
{
    /// <summary>A canary's <c>weightValue</c> (the values path a step's weight is set at); null for blue-green.</summary>
    public string? WeightValue { get; init; }

    /// <summary>Whether the chart's values or the release's hold a value at <see cref="WeightValue"/> (unknown: true).</summary>
    public bool WeightInValues { get; init; } = true;

    /// <summary>The canary release rendered at weight 100 (the first of <see cref="Releases"/> is at weight 0).</summary>
    public IReadOnlyList<ManifestSource>? AtFullWeight { get; init; }
}

/// <summary>One release of a strategy beside the stable one, by its helm release name, and its rendering.</summary>
public sealed record StrategyRelease(string Name, IReadOnlyList<ManifestSource> Rendering);
