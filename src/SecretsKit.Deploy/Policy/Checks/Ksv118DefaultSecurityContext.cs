using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV118: a pod or container uses the default (empty) security context.</summary>
internal sealed class Ksv118DefaultSecurityContext : WorkloadCheck
{
    public override string Id => "KSV118";

    public override string Title => "Default security context configured";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o)
    {
        const string Advice = "set a security context";
        foreach (var p in o.Pods)
        {
            var defined = Rego.TryAt(p.Pod, out var context, "spec", "securityContext");
            if (!defined || (context is JsonObject pod && Empty(pod))) yield return new PolicyHit(p.Below("spec.securityContext"), Advice);
        }
        foreach (var c in o.Containers.Where(c => Empty(c.Security))) yield return new PolicyHit(c.Below("securityContext"), Advice);
    }

    /// <summary>No field, or only the <c>__defsec_metadata</c> Trivy's parsers attach to every object.</summary>
    private static bool Empty(JsonObject context) => context.Count == 0 || (context.Count == 1 && context.ContainsKey("__defsec_metadata"));
}
