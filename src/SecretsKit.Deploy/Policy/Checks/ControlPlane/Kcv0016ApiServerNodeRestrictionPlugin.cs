using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0016: the API server does not enable the NodeRestriction admission plugin.</summary>
internal sealed class Kcv0016ApiServerNodeRestrictionPlugin : ControlPlaneCheck
{
    public override string Id => "KCV0016";

    public override string Title => "Ensure that the admission control plugin NodeRestriction is set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "include NodeRestriction in --enable-admission-plugins";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Lists("enable-admission-plugins", "NodeRestriction");
}
