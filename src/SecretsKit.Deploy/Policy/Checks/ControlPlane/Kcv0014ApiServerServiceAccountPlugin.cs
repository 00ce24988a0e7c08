using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0014: the API server disables the ServiceAccount admission plugin.</summary>
internal sealed class Kcv0014ApiServerServiceAccountPlugin : ControlPlaneCheck
{
    public override string Id => "KCV0014";

    public override string Title => "Ensure that the admission control plugin ServiceAccount is set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "leave ServiceAccount out of --disable-admission-plugins";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Lists("disable-admission-plugins", "ServiceAccount");
}
