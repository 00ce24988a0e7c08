using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV025: a pod or container sets an SELinux type outside container_t, container_init_t and container_kvm_t, or a user or role.</summary>
internal sealed class Ksv025SeLinuxOptions : WorkloadCheck
{
    private static readonly string[] AllowedTypes = ["container_t", "container_init_t", "container_kvm_t"];

    public override string Id => "KSV025";

    public override string Title => "SELinux custom options set";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IEnumerable<PolicyHit> Find(PolicyObject o)
    {
        var contexts = o.Containers.Select(c => ((JsonNode?)c.Security, c.Below("securityContext")))
            .Concat(o.Pods.Where(p => Rego.TryAt(p.Pod, out _, "spec", "securityContext")).Select(p => (p.SecurityContext, p.Below("spec.securityContext"))));
        foreach (var (context, path) in contexts)
        {
            if (Rego.At(context, "seLinuxOptions") is not JsonObject options) continue;
            if (options.TryGetPropertyValue("type", out var type) && type is not null && !AllowedTypes.Any(t => Rego.IsText(type, t)))
            {
                yield return new PolicyHit(path + ".seLinuxOptions.type", "use an SELinux type of container_t, container_init_t or container_kvm_t");
            }
            foreach (var key in (string[])["role", "user"])
            {
                if (options.ContainsKey(key)) yield return new PolicyHit(path + ".seLinuxOptions." + key, "not set seLinuxOptions." + key);
            }
        }
    }
}
