using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0018: the API server does not set <c>--profiling=false</c>.</summary>
internal sealed class Kcv0018ApiServerProfiling : ControlPlaneCheck
{
    public override string Id => "KCV0018";

    public override string Title => "Ensure that the --profiling argument is set to false";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --profiling=false";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--profiling=false");
}
