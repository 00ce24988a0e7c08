using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.Helm;

/// <summary>
/// <see cref="HelmVersion"/>, the one <c>helm version</c> probe the release pipeline and the unittest engine share:
/// what the real helm 3.10.1 and 4.1.4 say, and what it takes when helm says nothing it can read.
/// </summary>
public sealed class HelmVersionTests
{
    [Theory]
    [InlineData(RealHelm.Version, 3, 10, "v1.20.0", false)]
    [InlineData(RealHelm.Helm4Version, 4, 1, "v1.35.0", true)]
    public async Task The_real_helm_says_its_version_and_default_kubernetes_version(string version, int major, int minor, string kube, bool lookups)
    {
        using var helm = new RealHelm(version: version);
        var probed = await HelmVersion.ProbeAsync(SystemProcessRunner.Instance, helm.HelmPath, null, null, CancellationToken.None);
        Assert.Equal(new HelmVersion(major, minor, kube), probed);
        Assert.Equal(lookups, probed.ServerLookups);
    }

    [Theory]
    [InlineData(0, "version.BuildInfo{Version:\"v3.17.2\", GitCommit:\"\", KubeClientVersion:\"v1.32\"}", 3, 17, "v1.32.0")]
    [InlineData(1, "version.BuildInfo{Version:\"v4.1.4\"}", 3, 0, "v1.20.0")]
    [InlineData(0, "v4.1.4", 3, 0, "v1.20.0")]
    [InlineData(0, "Version:\"v99999999999.1.0\"", 3, 0, "v1.20.0")]
    public void Helm_3_is_assumed_when_the_answer_is_unreadable(int exitCode, string text, int major, int minor, string kube) =>
        Assert.Equal(new HelmVersion(major, minor, kube), HelmVersion.Parse(exitCode, text));
}
