using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0003: a container (any program: trivy-checks does not ask for the API server here) enables the DenyServiceExternalIPs admission plugin.</summary>
internal sealed class Kcv0003DenyServiceExternalIpsPlugin : ControlPlaneCheck
{
    public override string Id => "KCV0003";

    public override string Title => "Ensure that the --DenyServiceExternalIPs is not set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => null;

    protected override string Advice => "leave DenyServiceExternalIPs out of --enable-admission-plugins";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Lists("enable-admission-plugins", "DenyServiceExternalIPs");
}
