using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0011: the API server enables the AlwaysAdmit admission plugin.</summary>
internal sealed class Kcv0011ApiServerAlwaysAdmitPlugin : ControlPlaneCheck
{
    public override string Id => "KCV0011";

    public override string Title => "Ensure that the admission control plugin AlwaysAdmit is not set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "leave AlwaysAdmit out of --enable-admission-plugins";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Lists("enable-admission-plugins", "AlwaysAdmit");
}
