using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// A check of each container of a workload: <see cref="Fails"/> returns the offending field's path below the container
/// (or null). As in trivy-checks, a finding needs the object's name (its message names it), and
/// <see cref="ByName"/> checks, keyed by the container's name there, skip unnamed containers.
/// </summary>
internal abstract class ContainerCheck : PolicyCheck
{
    public override IReadOnlyCollection<string> Kinds => Workloads;

    /// <summary>trivy-checks keys the check's sets by container name: an unnamed container is never reported.</summary>
    protected virtual bool ByName => false;

    /// <summary>What the container should do, e.g. <c>set securityContext.privileged to false</c>.</summary>
    protected abstract string Advice { get; }

    protected abstract string? Fails(PolicyObject o, PodContainer c);

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Name is null) yield break;
        foreach (var c in o.Containers)
        {
            if (ByName && !c.Named) continue;
            if (Fails(o, c) is { } path) yield return new PolicyHit(path.Length == 0 ? c.Path : c.Below(path), $"{c.Shown} should {Advice}");
        }
    }
}
