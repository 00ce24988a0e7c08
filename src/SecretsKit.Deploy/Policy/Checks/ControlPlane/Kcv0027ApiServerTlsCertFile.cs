using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0027: the API server lacks <c>--tls-cert-file</c> or <c>--tls-private-key-file</c> (both in command, or both in args).</summary>
internal sealed class Kcv0027ApiServerTlsCertFile : ControlPlaneCheck
{
    public override string Id => "KCV0027";

    public override string Title => "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --tls-cert-file and --tls-private-key-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.BothSet("--tls-cert-file", "--tls-private-key-file");
}
