using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0030: the API server does not encrypt resources at rest (no <c>--encryption-provider-config</c>).</summary>
internal sealed class Kcv0030ApiServerEncryptionProviderConfig : ControlPlaneCheck
{
    public override string Id => "KCV0030";

    public override string Title => "Ensure that the --encryption-provider-config argument is set as appropriate";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "run kube-apiserver with --encryption-provider-config";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Set("--encryption-provider-config");
}
