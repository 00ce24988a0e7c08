using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0029: the API server does not set <c>--etcd-cafile</c>.</summary>
internal sealed class Kcv0029ApiServerEtcdCaFile : ControlPlaneCheck
{
    public override string Id => "KCV0029";

    public override string Title => "Ensure that the --etcd-cafile argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --etcd-cafile";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--etcd-cafile");
}
