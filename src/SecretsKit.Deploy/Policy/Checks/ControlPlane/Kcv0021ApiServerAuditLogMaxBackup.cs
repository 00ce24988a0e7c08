using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0021: the API server does not set <c>--audit-log-maxbackup</c>.</summary>
internal sealed class Kcv0021ApiServerAuditLogMaxBackup : ControlPlaneCheck
{
    public override string Id => "KCV0021";

    public override string Title => "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --audit-log-maxbackup";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--audit-log-maxbackup");
}
