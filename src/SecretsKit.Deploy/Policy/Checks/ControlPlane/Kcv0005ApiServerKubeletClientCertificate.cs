using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0005: the API server lacks <c>--kubelet-client-certificate</c> or <c>--kubelet-client-key</c> (both in command, or both in args).</summary>
internal sealed class Kcv0005ApiServerKubeletClientCertificate : ControlPlaneCheck
{
    public override string Id => "KCV0005";

    public override string Title => "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --kubelet-client-certificate and --kubelet-client-key";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.BothSet("--kubelet-client-certificate", "--kubelet-client-key");
}
