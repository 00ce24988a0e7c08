using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV106: a container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE.</summary>
internal sealed class Ksv106DropAllAddNetBind : PolicyCheck
{
    public override string Id => "KSV106";

    public override string Title => "Container capabilities must only include NET_BIND_SERVICE";

    public override PolicySeverity Severity => PolicySeverity.Low;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        foreach (var c in o.Containers)
        {
            var capabilities = c.Security["capabilities"];
            if (!Rego.Texts(Rego.At(capabilities, "drop")).Any(d => string.Equals(d, "ALL", StringComparison.OrdinalIgnoreCase)))
            {
                yield return new PolicyHit(c.Below("securityContext.capabilities.drop"), "drop ALL capabilities");
            }
            else if (Rego.Items(Rego.At(capabilities, "add")).Any(a => !Rego.IsText(a, "NET_BIND_SERVICE")))
            {
                yield return new PolicyHit(c.Below("securityContext.capabilities.add"), "add no capability but NET_BIND_SERVICE");
            }
        }
    }
}
