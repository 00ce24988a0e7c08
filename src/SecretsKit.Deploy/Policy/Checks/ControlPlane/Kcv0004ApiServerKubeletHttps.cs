using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0004: the API server turns off HTTPS to kubelets (<c>--kubelet-https=false</c>, read in command only).</summary>
internal sealed class Kcv0004ApiServerKubeletHttps : ControlPlaneCheck
{
    public override string Id => "KCV0004";

    public override string Title => "Ensure that the --kubelet-https argument is set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver without --kubelet-https=false";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.InCommand("--kubelet-https=false");
}
