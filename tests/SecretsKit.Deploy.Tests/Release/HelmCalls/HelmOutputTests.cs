using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Deploy.Release.HelmCalls;

namespace SecretsKit.Deploy.Tests.Release.HelmCalls;

/// <summary>
/// Only helm's own "release: not found" means a release is not installed; every other failure of <c>get manifest</c>,
/// <c>status</c> or <c>history</c> is helm's error, even when its text says "not found" (the lines below are what helm
/// 3.10.1 and Helm 4.1.4 print, captured from the real binaries).
/// </summary>
public sealed class HelmOutputTests
{
    [Theory]
    [InlineData("Error: release: not found\n")]
    [InlineData("WARNING: Kubernetes configuration file is group-readable. This is insecure. Location: /k\nError: release: not found\n")]
    public void Helm_release_not_found_is_not_installed(string stderr) => Assert.True(new HelmOutput(1, "", stderr).NotFound);

    [Theory]
    [InlineData("Error: Kubernetes cluster unreachable: Get \"https://127.0.0.1:1/version\": getting credentials: exec: executable aws not found\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n")]
    [InlineData("Error: kubernetes cluster unreachable: Get \"https://127.0.0.1:1/version\": getting credentials: exec: executable aws not found\n")]
    [InlineData("Error: Kubernetes cluster unreachable: context \"nope\" does not exist\n")]
    [InlineData("Error: kubernetes cluster unreachable: Get \"https://127.0.0.1:1/version\": dial tcp 127.0.0.1:1: connect: connection refused\n")]
    [InlineData("Error: namespaces \"shop\" not found\n")]
    public void Any_other_failure_is_an_error_even_when_it_says_not_found(string stderr) =>
        Assert.False(new HelmOutput(1, "", stderr).NotFound);

    [Fact]
    public void A_successful_call_is_never_not_found() => Assert.False(new HelmOutput(0, "", "Error: release: not found\n").NotFound);
}
