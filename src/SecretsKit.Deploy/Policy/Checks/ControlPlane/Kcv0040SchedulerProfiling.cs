using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0040: the scheduler does not set <c>--profiling=false</c>.</summary>
internal sealed class Kcv0040SchedulerProfiling : ControlPlaneCheck
{
    public override string Id => "KCV0040";

    public override string Title => "Ensure that the --profiling argument is set to false";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Scheduler;

    protected override string Advice => "run kube-scheduler with --profiling=false";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--profiling=false");
}
