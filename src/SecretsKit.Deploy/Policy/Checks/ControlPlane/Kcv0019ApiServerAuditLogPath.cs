using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0019: the API server writes no audit log (no <c>--audit-log-path</c>).</summary>
internal sealed class Kcv0019ApiServerAuditLogPath : ControlPlaneCheck
{
    public override string Id => "KCV0019";

    public override string Title => "Ensure that the --audit-log-path argument is set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --audit-log-path";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--audit-log-path");
}
