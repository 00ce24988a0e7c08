using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>KCV0012: the API server does not enable the AlwaysPullImages admission plugin.</summary>
internal sealed class Kcv0012ApiServerAlwaysPullImagesPlugin : ControlPlaneCheck
{
    public override string Id => "KCV0012";

    public override string Title => "Ensure that the admission control plugin AlwaysPullImages is set";

    public override PolicySeverity Severity => PolicySeverity.Low;

    protected override ControlPlaneComponent? Component => null;

    protected override string Advice => "include AlwaysPullImages in --enable-admission-plugins";

    /// <summary>
    /// trivy-checks reports the API server without <c>--enable-admission-plugins</c> in its command, and any container
    /// (whatever it runs) whose command has an <c>--enable-admission-plugins</c> value without AlwaysPullImages.
    /// </summary>
    protected override bool Fails(ControlPlaneFlags flags, PodContainer c) =>
        (ControlPlaneComponent.ApiServer.Runs(c) && !flags.InCommand("--enable-admission-plugins"))
        || flags.Omits("enable-admission-plugins", ["AlwaysPullImages"], commandOnly: true);
}
