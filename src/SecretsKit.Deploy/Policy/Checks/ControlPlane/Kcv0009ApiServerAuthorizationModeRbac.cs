using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0009: the API server's <c>--authorization-mode</c> does not include RBAC.</summary>
internal sealed class Kcv0009ApiServerAuthorizationModeRbac : ControlPlaneCheck
{
    public override string Id => "KCV0009";

    public override string Title => "Ensure that the --authorization-mode argument includes RBAC";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "include RBAC in --authorization-mode";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Lists("authorization-mode", "RBAC");
}
