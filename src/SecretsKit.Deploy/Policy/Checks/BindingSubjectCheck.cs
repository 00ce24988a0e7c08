using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// A RoleBinding that binds one of <see cref="Subjects"/>. As in trivy-checks, the binding kinds are compared exactly
/// and the cluster-wide one is spelled <c>ClusterRolebinding</c>, so a <c>ClusterRoleBinding</c> is not checked.
/// </summary>
internal abstract class BindingSubjectCheck : PolicyCheck
{
    public override IReadOnlyCollection<string> Kinds => ["rolebinding", "clusterrolebinding"];

    protected abstract IReadOnlyCollection<string> Subjects { get; }

    protected virtual bool Applies(PolicyObject o) => true;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Kind is not ("RoleBinding" or "ClusterRolebinding") || o.Name is null || o.Metadata is null || !Applies(o)) yield break;
        foreach (var (index, subject) in Rego.Entries(o.Root["subjects"]))
        {
            if (Rego.Text(Rego.At(subject, "name")) is { } name && Subjects.Contains(name))
            {
                yield return new PolicyHit("subjects" + index + ".name", "do not bind " + string.Join(" or ", Subjects));
                yield break;
            }
        }
    }
}
