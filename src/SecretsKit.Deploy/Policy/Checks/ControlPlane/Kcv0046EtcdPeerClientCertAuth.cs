using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0046: etcd does not set <c>--peer-client-cert-auth=true</c> (read in command only).</summary>
internal sealed class Kcv0046EtcdPeerClientCertAuth : ControlPlaneCheck
{
    public override string Id => "KCV0046";

    public override string Title => "Ensure that the --peer-client-cert-auth argument is set to true";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Etcd;

    protected override string Advice => "run etcd with --peer-client-cert-auth=true";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.InCommand("--peer-client-cert-auth=true");
}
