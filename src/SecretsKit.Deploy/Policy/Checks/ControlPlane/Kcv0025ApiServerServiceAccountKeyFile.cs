using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0025: the API server does not set <c>--service-account-key-file</c>.</summary>
internal sealed class Kcv0025ApiServerServiceAccountKeyFile : ControlPlaneCheck
{
    public override string Id => "KCV0025";

    public override string Title => "Ensure that the --service-account-key-file argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --service-account-key-file";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--service-account-key-file");
}
