using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0033: the controller manager does not set <c>--terminated-pod-gc-threshold</c>.</summary>
internal sealed class Kcv0033ControllerManagerTerminatedPodGcThreshold : ControlPlaneCheck
{
    public override string Id => "KCV0033";

    public override string Title => "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ControllerManager;

    protected override string Advice => "run kube-controller-manager with --terminated-pod-gc-threshold";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--terminated-pod-gc-threshold");
}
