using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0020: the API server does not set <c>--audit-log-maxage</c>.</summary>
internal sealed class Kcv0020ApiServerAuditLogMaxAge : ControlPlaneCheck
{
    public override string Id => "KCV0020";

    public override string Title => "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --audit-log-maxage";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--audit-log-maxage");
}
