using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0026: the API server lacks <c>--etcd-certfile</c> or <c>--etcd-keyfile</c>.</summary>
internal sealed class Kcv0026ApiServerEtcdCertFile : ControlPlaneCheck
{
    public override string Id => "KCV0026";

    public override string Title => "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --etcd-certfile and --etcd-keyfile";

    /// <summary>Both in command; in args trivy-checks tests <c>--etcd-certfile</c> twice, so there the certificate alone passes.</summary>
    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) =>
        !(flags.InCommand("--etcd-certfile") && flags.InCommand("--etcd-keyfile")) && !flags.InArgs("--etcd-certfile");
}
