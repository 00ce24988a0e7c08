using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV111: a binding refers to the cluster-admin, admin or edit role.</summary>
internal sealed class Ksv111ClusterAdminBind : PolicyCheck
{
    private static readonly string[] Roles = ["cluster-admin", "admin", "edit"];

    public override string Id => "KSV111";

    public override string Title => "User with admin access";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IReadOnlyCollection<string> Kinds => ["rolebinding", "clusterrolebinding"];

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Name is null || o.Metadata is null || o.Kind?.ToLowerInvariant() is not ("rolebinding" or "clusterrolebinding")) yield break;
        if (Rego.Text(Rego.At(o.Root, "roleRef", "name")) is { } role && Roles.Contains(role))
        {
            yield return new PolicyHit("roleRef.name", "bind a role narrower than cluster-admin, admin or edit");
        }
    }
}
