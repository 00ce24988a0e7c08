using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0035: the controller manager does not set <c>--use-service-account-credentials=true</c>.</summary>
internal sealed class Kcv0035ControllerManagerServiceAccountCredentials : ControlPlaneCheck
{
    public override string Id => "KCV0035";

    public override string Title => "Ensure that the --use-service-account-credentials argument is set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ControllerManager;

    protected override string Advice => "run kube-controller-manager with --use-service-account-credentials=true";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--use-service-account-credentials=true");
}
