using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0041: the scheduler does not set <c>--bind-address=127.0.0.1</c> (a pattern: its dots match any character).</summary>
internal sealed class Kcv0041SchedulerBindAddress : ControlPlaneCheck
{
    public override string Id => "KCV0041";

    public override string Title => "Ensure that the --bind-address argument is set to 127.0.0.1";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Scheduler;

    protected override string Advice => "run kube-scheduler with --bind-address=127.0.0.1";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--bind-address=127.0.0.1");
}
