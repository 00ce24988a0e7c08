using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0022: the API server does not set <c>--audit-log-maxsize</c>.</summary>
internal sealed class Kcv0022ApiServerAuditLogMaxSize : ControlPlaneCheck
{
    public override string Id => "KCV0022";

    public override string Title => "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --audit-log-maxsize";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--audit-log-maxsize");
}
