using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0038: the controller manager does not set <c>RotateKubeletServerCertificate=true</c> (searched in every item).</summary>
internal sealed class Kcv0038ControllerManagerRotateKubeletServerCertificate : ControlPlaneCheck
{
    public override string Id => "KCV0038";

    public override string Title => "Ensure that the RotateKubeletServerCertificate argument is set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ControllerManager;

    protected override string Advice => "run kube-controller-manager with RotateKubeletServerCertificate=true in --feature-gates";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("RotateKubeletServerCertificate=true");
}
