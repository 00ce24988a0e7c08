using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0002: the API server authenticates with a static token file (<c>--token-auth-file</c>).</summary>
internal sealed class Kcv0002ApiServerTokenAuthFile : ControlPlaneCheck
{
    public override string Id => "KCV0002";

    public override string Title => "Ensure that the --token-auth-file parameter is not set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver without --token-auth-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Set("--token-auth-file");
}
