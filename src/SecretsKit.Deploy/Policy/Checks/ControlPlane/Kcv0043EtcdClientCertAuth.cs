using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0043: etcd does not set <c>--client-cert-auth=true</c> (a search, so <c>--peer-client-cert-auth=true</c> also satisfies it, as in trivy-checks).</summary>
internal sealed class Kcv0043EtcdClientCertAuth : ControlPlaneCheck
{
    public override string Id => "KCV0043";

    public override string Title => "Ensure that the --client-cert-auth argument is set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Etcd;

    protected override string Advice => "run etcd with --client-cert-auth=true";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--client-cert-auth=true");
}
