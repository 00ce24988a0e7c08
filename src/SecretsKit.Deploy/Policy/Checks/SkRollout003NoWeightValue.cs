using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// SK-ROLLOUT-003: a canary's <c>weightValue</c> is set on nothing: neither the chart's values nor the release's hold a
/// value at that path, and the canary release renders the same at weight 0 and at weight 100 (so no template reads it,
/// not even with a <c>default</c>). Every <c>setWeight</c> step would then change nothing, and the canary takes whatever
/// traffic its objects get without it. A finding on the values (kind <c>values</c>) at the path, not on an object.
/// </summary>
internal sealed class SkRollout003NoWeightValue : RolloutCheck
{
    public override string Id => "SK-ROLLOUT-003";

    public override string Title => "The chart has no value at the canary's weightValue";

    /// <summary>MEDIUM as SK-ROLLOUT-001 and -002: a canary that cannot shift traffic is a rollout risk, not an exposure.</summary>
    public override PolicySeverity Severity => PolicySeverity.Medium;

    /// <summary>No object: the finding is the strategy's (<see cref="EvaluateStrategy"/>).</summary>
    public override IReadOnlyCollection<string> Kinds => ["-"];

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o) => [];

    public override IEnumerable<PolicyHit> EvaluateStrategy(StrategyIndex strategy)
    {
        if (strategy.WeightValue is not { } path || strategy.WeightInValues || strategy.AtFull is not { } full) return [];
        var zero = strategy.AtZero;
        if (zero.Count != full.Count || zero.Where((o, i) => !JsonNode.DeepEquals(o, full[i])).Any()) return []; // a template reads it
        return [new PolicyHit(path, $"neither the chart's values nor the release's have {path}, and the canary release "
            + $"{strategy.FirstRelease} renders the same at weight 0 and 100: each setWeight would set the weight on nothing; "
            + "set weightValue to the values path the chart turns into traffic, or add it to the chart")];
    }
}
