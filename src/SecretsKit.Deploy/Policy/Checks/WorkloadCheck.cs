using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>A check of a workload's pods (volumes, host namespaces, pod security context): one finding per offending field; none for an unnamed object, whose message trivy-checks cannot write.</summary>
internal abstract class WorkloadCheck : PolicyCheck
{
    public override IReadOnlyCollection<string> Kinds => Workloads;

    /// <summary>Whether trivy-checks' message names the object (then an object without <c>metadata.name</c> is never reported).</summary>
    protected virtual bool NeedsName => true;

    protected abstract IEnumerable<PolicyHit> Find(PolicyObject o);

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o) => NeedsName && o.Name is null ? [] : Find(o);
}
