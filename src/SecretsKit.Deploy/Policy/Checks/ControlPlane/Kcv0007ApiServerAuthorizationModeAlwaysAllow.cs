using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0007: the API server's <c>--authorization-mode</c> includes AlwaysAllow (read in command only).</summary>
internal sealed class Kcv0007ApiServerAuthorizationModeAlwaysAllow : ControlPlaneCheck
{
    public override string Id => "KCV0007";

    public override string Title => "Ensure that the --authorization-mode argument is not set to AlwaysAllow";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "leave AlwaysAllow out of --authorization-mode";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Lists("authorization-mode", "AlwaysAllow", commandOnly: true);
}
