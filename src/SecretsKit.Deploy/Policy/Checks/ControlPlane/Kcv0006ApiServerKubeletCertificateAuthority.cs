using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0006: the API server does not verify kubelets' certificates (no <c>--kubelet-certificate-authority</c>).</summary>
internal sealed class Kcv0006ApiServerKubeletCertificateAuthority : ControlPlaneCheck
{
    public override string Id => "KCV0006";

    public override string Title => "Ensure that the --kubelet-certificate-authority argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --kubelet-certificate-authority";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--kubelet-certificate-authority");
}
