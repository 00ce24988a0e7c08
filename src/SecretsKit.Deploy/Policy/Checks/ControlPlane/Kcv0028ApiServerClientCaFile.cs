using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0028: the API server does not set <c>--client-ca-file</c>.</summary>
internal sealed class Kcv0028ApiServerClientCaFile : ControlPlaneCheck
{
    public override string Id => "KCV0028";

    public override string Title => "Ensure that the --client-ca-file argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --client-ca-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--client-ca-file");
}
