using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0036: the controller manager does not set <c>--service-account-private-key-file</c>.</summary>
internal sealed class Kcv0036ControllerManagerServiceAccountPrivateKeyFile : ControlPlaneCheck
{
    public override string Id => "KCV0036";

    public override string Title => "Ensure that the --service-account-private-key-file argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ControllerManager;

    protected override string Advice => "run kube-controller-manager with --service-account-private-key-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--service-account-private-key-file");
}
