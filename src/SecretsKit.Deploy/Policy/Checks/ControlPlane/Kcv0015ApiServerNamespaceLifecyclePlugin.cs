using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0015: the API server disables the NamespaceLifecycle admission plugin.</summary>
internal sealed class Kcv0015ApiServerNamespaceLifecyclePlugin : ControlPlaneCheck
{
    public override string Id => "KCV0015";

    public override string Title => "Ensure that the admission control plugin NamespaceLifecycle is set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "leave NamespaceLifecycle out of --disable-admission-plugins";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Lists("disable-admission-plugins", "NamespaceLifecycle");
}
