using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0047: etcd uses self-signed peer certificates (<c>--peer-auto-tls=true</c>).</summary>
internal sealed class Kcv0047EtcdPeerAutoTls : ControlPlaneCheck
{
    public override string Id => "KCV0047";

    public override string Title => "Ensure that the --peer-auto-tls argument is not set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Etcd;

    protected override string Advice => "run etcd without --peer-auto-tls=true";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Set("--peer-auto-tls=true");
}
