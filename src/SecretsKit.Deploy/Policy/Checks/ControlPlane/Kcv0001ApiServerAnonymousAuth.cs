using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0001: the API server does not set <c>--anonymous-auth=false</c> (a text search in each item of command and args).</summary>
internal sealed class Kcv0001ApiServerAnonymousAuth : ControlPlaneCheck
{
    public override string Id => "KCV0001";

    public override string Title => "Ensure that the --anonymous-auth argument is set to false";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --anonymous-auth=false";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Contains("--anonymous-auth=false");
}
