using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// A rollout check of SecretsKit's own (<c>SK-ROLLOUT-nnn</c>, no Trivy equivalent): what a change does to running pods,
/// read offline from two renderings, the one deployed now and the new one (<see cref="PolicyObject.Renderings"/>). Without
/// the deployed rendering (<c>policy</c> without <c>--deployed</c>, <c>release lint</c>) it finds nothing.
/// </summary>
internal abstract class RolloutCheck : PolicyCheck
{
    public override string AvdId => Id;

    public override string Canonical => Id;
}
