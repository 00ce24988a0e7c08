using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0037: the controller manager does not set <c>--root-ca-file</c>.</summary>
internal sealed class Kcv0037ControllerManagerRootCaFile : ControlPlaneCheck
{
    public override string Id => "KCV0037";

    public override string Title => "Ensure that the --root-ca-file argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ControllerManager;

    protected override string Advice => "run kube-controller-manager with --root-ca-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--root-ca-file");
}
