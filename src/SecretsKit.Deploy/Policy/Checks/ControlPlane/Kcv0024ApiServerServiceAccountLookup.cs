using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0024: the API server does not look service account tokens up in etcd (<c>--service-account-lookup=false</c>).</summary>
internal sealed class Kcv0024ApiServerServiceAccountLookup : ControlPlaneCheck
{
    public override string Id => "KCV0024";

    public override string Title => "Ensure that the --service-account-lookup argument is set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver without --service-account-lookup=false";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Set("--service-account-lookup=false");
}
