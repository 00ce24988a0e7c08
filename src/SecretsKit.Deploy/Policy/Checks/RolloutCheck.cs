using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// A rollout check of SecretsKit's own (<c>SK-ROLLOUT-nnn</c>, no Trivy equivalent): what a change does to running pods,
/// read offline from other renderings of the chart: the one deployed now (<see cref="PolicyObject.Renderings"/>; without
/// it, <c>policy</c> without <c>--deployed</c> or <c>release lint</c>, SK-ROLLOUT-001 finds nothing), and those of a
/// rollout strategy's other releases (<see cref="PolicyObject.Strategy"/>, <see cref="EvaluateStrategy"/>; only in the
/// release pipeline, for a release a strategy of the promotion file lists).
/// </summary>
internal abstract class RolloutCheck : PolicyCheck
{
    public override string AvdId => Id;

    public override string Canonical => Id;

    /// <summary>Findings of the strategy as a whole (not of one object), reported on the values at the hit's path.</summary>
    public virtual IEnumerable<PolicyHit> EvaluateStrategy(StrategyIndex strategy) => [];
}
