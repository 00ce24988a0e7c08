using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0010: the API server does not enable the EventRateLimit admission plugin.</summary>
internal sealed class Kcv0010ApiServerEventRateLimitPlugin : ControlPlaneCheck
{
    public override string Id => "KCV0010";

    public override string Title => "Ensure that the admission control plugin EventRateLimit is set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => ControlPlaneComponent.ApiServer;

    protected override string Advice => "include EventRateLimit in --enable-admission-plugins";

    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) => !flags.Lists("enable-admission-plugins", "EventRateLimit");
}
