using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0017: the API server turns its secure port off (<c>--secure-port=0</c>).</summary>
internal sealed class Kcv0017ApiServerSecurePort : ControlPlaneCheck
{
    public override string Id => "KCV0017";

    public override string Title => "Ensure that the --secure-port argument is not set to 0";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver without --secure-port=0";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Set("--secure-port=0");
}
