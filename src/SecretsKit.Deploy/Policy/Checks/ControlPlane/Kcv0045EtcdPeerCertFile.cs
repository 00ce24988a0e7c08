using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0045: etcd lacks <c>--peer-cert-file</c> or <c>--peer-key-file</c> (both in command, or both in args).</summary>
internal sealed class Kcv0045EtcdPeerCertFile : ControlPlaneCheck
{
    public override string Id => "KCV0045";

    public override string Title => "Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Etcd;

    protected override string Advice => "run etcd with --peer-cert-file and --peer-key-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.BothSet("--peer-cert-file", "--peer-key-file");
}
