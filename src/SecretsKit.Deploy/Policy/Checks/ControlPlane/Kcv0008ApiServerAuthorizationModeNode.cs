using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0008: the API server's <c>--authorization-mode</c> does not include Node.</summary>
internal sealed class Kcv0008ApiServerAuthorizationModeNode : ControlPlaneCheck
{
    public override string Id => "KCV0008";

    public override string Title => "Ensure that the --authorization-mode argument includes Node";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "include Node in --authorization-mode";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Lists("authorization-mode", "Node");
}
