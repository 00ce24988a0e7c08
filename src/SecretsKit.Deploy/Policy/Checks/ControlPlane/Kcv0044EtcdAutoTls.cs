using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0044: etcd serves clients with self-signed certificates (<c>--auto-tls=true</c>).</summary>
internal sealed class Kcv0044EtcdAutoTls : ControlPlaneCheck
{
    public override string Id => "KCV0044";

    public override string Title => "Ensure that the --auto-tls argument is not set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Etcd;

    protected override string Advice => "run etcd without --auto-tls=true";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Set("--auto-tls=true");
}
