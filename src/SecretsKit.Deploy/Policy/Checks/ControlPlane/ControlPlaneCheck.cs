using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>
/// A CIS control-plane check of trivy-checks (KCV0001–KCV0047): the flags of the containers that run
/// <see cref="Component"/> (kube-apiserver, kube-controller-manager, kube-scheduler, etcd), as in their static Pods,
/// in any object that has containers (trivy-checks selects every Kubernetes kind). One finding per container, at the
/// container's path; the message names the flag and the value to give, never what the container has.
/// </summary>
internal abstract class ControlPlaneCheck : PolicyCheck
{
    /// <summary>The program whose containers are read; null: every container (as KCV0003 and part of KCV0012 read them).</summary>
    protected abstract ControlPlaneComponent? Component { get; }

    /// <summary>What to change, e.g. <c>run kube-apiserver with --profiling=false</c>.</summary>
    protected abstract string Advice { get; }

    /// <summary>Whether the container's flags fail the check.</summary>
    protected abstract bool Fails(ControlPlaneFlags flags, PodContainer c);

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        foreach (var c in o.Containers)
        {
            if (Component is { } component && !component.Runs(c)) continue;
            if (!Fails(ControlPlaneFlags.Of(c), c)) continue;
            yield return new PolicyHit(c.Path, $"{(c.Named ? c.Shown : "the container")} should {Advice}");
        }
    }
}
