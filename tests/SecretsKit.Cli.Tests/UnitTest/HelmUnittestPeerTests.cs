using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using Xunit.Abstractions;

namespace SecretsKit.Cli.Tests.UnitTest;

/// <summary>
/// helm-unittest's own runner cases through <c>secretskit unittest</c>, when tests/peers/helm-unittest-suite.sh has
/// extracted them into .tools/helm-unittest-suite (absent: skipped with that reason, never passed unchecked): every runnable suite
/// must agree (PASS/FAIL/SKIP and the failing assertions named) except the known differences the comparer lists; with
/// helm 3.10.1 and with Helm 4.1.4 (where the <c>kubernetesProvider</c> lookup case runs too).
/// </summary>
public sealed class HelmUnittestPeerTests(ITestOutputHelper output)
{
    private sealed class PeerTheoryAttribute : TheoryAttribute
    {
        public PeerTheoryAttribute()
        {
            if (Suite() is null) Skip = "helm-unittest's test data is not fetched: run tests/peers/helm-unittest-suite.sh (developer-run; CI reaches no source of it)";
        }
    }

    private static string? Suite() =>
        RepositoryRoot() is { } root && File.Exists(Path.Combine(root, ".tools", "helm-unittest-suite", "VERSION")) ? Path.Combine(root, ".tools", "helm-unittest-suite") : null;

    [PeerTheory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Helm_unittests_runner_cases_agree(string version)
    {
        var root = RepositoryRoot()!;
        var suite = Suite()!;
        using var helm = new RealHelm(version: version);
        var env = new Dictionary<string, string?> { ["HELM_BIN"] = helm.HelmPath };
        var result = await ProcessRun.RunAsync("python3",
            [Path.Combine(root, "tests", "peers", "helm_unittest_suite.py"), suite, Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), "v1.1.0"],
            env, null, root, TimeSpan.FromMinutes(30));
        output.WriteLine(result.StdoutText + result.Stderr);
        Assert.True(result.ExitCode == 0, result.StdoutText + result.Stderr);
        Assert.Contains("suites agree", result.StdoutText, StringComparison.Ordinal);
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecretsKit.sln"))) return dir.FullName;
        }
        return null;
    }
}
