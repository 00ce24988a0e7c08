using SecretsKit.Deploy.Tests.UnitTest;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.UnitTest.Rendering;

namespace SecretsKit.Deploy.Tests.UnitTest.Rendering;

/// <summary>The environment a unittest render's helm runs in: the run's own, with Go's collector relaxed unless the user chose.</summary>
public sealed class HelmEnvironmentTests
{
    [Fact]
    public void Helm_gets_the_runs_variables_and_GOGC_400_when_none_is_set()
    {
        var env = HelmEnvironment.Of(new MapEnvironment(new Dictionary<string, string> { ["HELM_CACHE_HOME"] = "/c", ["PATH"] = "/bin" }, "/home/u", "/w"));
        Assert.Equal(new Dictionary<string, string> { ["HELM_CACHE_HOME"] = "/c", ["PATH"] = "/bin", ["GOGC"] = HelmEnvironment.GarbageCollection }, env);
    }

    [Theory]
    [InlineData("50")]
    [InlineData("off")]
    [InlineData("")]
    public void A_GOGC_the_user_set_is_kept(string gogc)
    {
        var env = HelmEnvironment.Of(new MapEnvironment(new Dictionary<string, string> { ["GOGC"] = gogc }, "/home/u", "/w"));
        Assert.Equal(gogc, env["GOGC"]);
    }
}
