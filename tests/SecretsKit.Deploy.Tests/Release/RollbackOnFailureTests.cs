using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>
/// helmfile's <c>rollbackOnFailure</c> (pkg/state/state.go, helmfile HEAD ecf604d5) is read in helmDefaults and
/// releases; "roll back on failure" is <c>--atomic</c> on Helm 3 and <c>--rollback-on-failure</c> on Helm 4; both keys
/// true is helmfile's error.
/// </summary>
public sealed class RollbackOnFailureTests : IDisposable
{
    private readonly TempDir _dir = new("sk-rollback-");

    public void Dispose() => _dir.Dispose();

    private async Task<ReleaseFile> Load(string state)
    {
        _dir.Write("helmfile.yaml", state);
        using var loaded = await StateLoading.LoadAsync(_dir.Path, "helmfile.yaml");
        return loaded.File;
    }

    private static ReleaseTarget Target(ReleaseFile file, string name) =>
        new(file.Releases.Single(r => r.Name == name), new ReleaseEnvironment("default", null, [], []), file.Defaults);

    [Fact]
    public async Task The_key_is_read_and_spelled_per_helm_major_version()
    {
        var file = await Load("helmDefaults:\n  rollbackOnFailure: true\nreleases:\n  - {name: a, chart: c}\n  - {name: b, chart: c, rollbackOnFailure: false, atomic: false}\n  - {name: c, chart: c, atomic: true, rollbackOnFailure: false}\n");

        Assert.True(file.Defaults.RollbackOnFailure);
        Assert.Contains("--rollback-on-failure", HelmCommandLines.Upgrade(Target(file, "a"), [], helmMajor: 4));
        Assert.DoesNotContain("--atomic", HelmCommandLines.Upgrade(Target(file, "a"), [], helmMajor: 4));
        Assert.Contains("--atomic", HelmCommandLines.Upgrade(Target(file, "a"), [], helmMajor: 3));
        Assert.DoesNotContain(HelmCommandLines.Upgrade(Target(file, "b"), [], helmMajor: 4), a => a is "--atomic" or "--rollback-on-failure");
        Assert.Contains("--rollback-on-failure", HelmCommandLines.Upgrade(Target(file, "c"), [], helmMajor: 4));
        Assert.False(Target(file, "c").Settings.RollbackOnFailure);
    }

    [Fact]
    public async Task Atomic_by_default_is_rollback_on_failure_on_helm_4()
    {
        var file = await Load("releases:\n  - {name: a, chart: c}\n");
        Assert.Contains("--rollback-on-failure", HelmCommandLines.Upgrade(Target(file, "a"), [], helmMajor: 4));
        Assert.Contains("--atomic", HelmCommandLines.Upgrade(Target(file, "a"), [], helmMajor: 3));
    }

    [Theory]
    [InlineData("helmDefaults:\n  atomic: true\n  rollbackOnFailure: true\nreleases: []\n")]
    [InlineData("helmDefaults:\n  rollbackOnFailure: true\nreleases:\n  - {name: a, chart: c, atomic: true}\n")]
    public async Task Both_true_is_helmfiles_error(string state)
    {
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Load(state));
        Assert.Contains("atomic and rollbackOnFailure are mutually exclusive", e.Message, StringComparison.Ordinal);
    }
}
