using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV002: a pod annotation gives a container an AppArmor profile other than runtime/default.</summary>
internal sealed class Ksv002AppArmorProfile : ContainerCheck
{
    public override string Id => "KSV002";

    public override string Title => "Runtime/Default AppArmor profile not set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override bool ByName => true;

    protected override string Advice => "use the runtime/default AppArmor profile";

    protected override string? Fails(PolicyObject o, PodContainer c)
    {
        var key = "container.apparmor.security.beta.kubernetes.io/" + c.Name;
        return o.PodAnnotations.Any(a => a.TryGetPropertyValue(key, out var v) && !Rego.IsText(v, "runtime/default"))
            ? c.Pod.Below("metadata.annotations") : null;
    }
}
