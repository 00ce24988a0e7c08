using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV124: a Gatekeeper K8sAllowedRepos constraint allows an open-ended repository prefix.</summary>
internal sealed class Ksv124AmbiguousRepoPrefix : PolicyCheck
{
    public override string Id => "KSV0124";

    public override string Title => "Gatekeeper repo reference is ambiguously open-ended";

    public override PolicySeverity Severity => PolicySeverity.High;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.ApiVersion != "constraints.gatekeeper.sh/v1beta1" || o.Kind != "K8sAllowedRepos") yield break;
        foreach (var (index, repo) in Rego.Entries(Rego.At(o.Spec, "parameters", "repos")))
        {
            if (Rego.Text(repo) is not { } text) continue;
            var parts = text.Split('/');
            if ((!text.Contains('/', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal)) || (parts[0] == "docker.io" && parts.Length <= 2))
            {
                yield return new PolicyHit("spec.parameters.repos" + index, "end the repository prefix with a / or a tag so that it matches one repository");
                yield break;
            }
        }
    }
}
