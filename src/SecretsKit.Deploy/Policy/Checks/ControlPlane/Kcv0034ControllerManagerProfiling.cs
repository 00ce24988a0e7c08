using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0034: the controller manager does not set <c>--profiling=false</c>.</summary>
internal sealed class Kcv0034ControllerManagerProfiling : ControlPlaneCheck
{
    public override string Id => "KCV0034";

    public override string Title => "Ensure that the --profiling argument is set to false";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ControllerManager;

    protected override string Advice => "run kube-controller-manager with --profiling=false";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--profiling=false");
}
