using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0013: the API server's <c>--enable-admission-plugins</c> has neither SecurityContextDeny nor PodSecurityPolicy (no such flag: no finding).</summary>
internal sealed class Kcv0013ApiServerSecurityContextDenyPlugin : ControlPlaneCheck
{
    public override string Id => "KCV0013";

    public override string Title => "Ensure that the admission control plugin SecurityContextDeny is set if PodSecurityPolicy is not used";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "include SecurityContextDeny (or PodSecurityPolicy) in --enable-admission-plugins";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => flags.Omits("enable-admission-plugins", ["PodSecurityPolicy", "SecurityContextDeny"]);
}
