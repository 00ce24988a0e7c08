using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0039: the controller manager does not set <c>--bind-address=127.0.0.1</c> (a pattern: its dots match any character).</summary>
internal sealed class Kcv0039ControllerManagerBindAddress : ControlPlaneCheck
{
    public override string Id => "KCV0039";

    public override string Title => "Ensure that the --bind-address argument is set to 127.0.0.1";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ControllerManager;

    protected override string Advice => "run kube-controller-manager with --bind-address=127.0.0.1";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--bind-address=127.0.0.1");
}
