using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0042: etcd lacks <c>--cert-file</c> or <c>--key-file</c> (both in command, or both in args).</summary>
internal sealed class Kcv0042EtcdCertFile : ControlPlaneCheck
{
    public override string Id => "KCV0042";

    public override string Title => "Ensure that the --cert-file and --key-file arguments are set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.Etcd;

    protected override string Advice => "run etcd with --cert-file and --key-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.BothSet("--cert-file", "--key-file");
}
