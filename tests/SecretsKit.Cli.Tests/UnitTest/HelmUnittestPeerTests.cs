using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using Xunit.Abstractions;

namespace SecretsKit.Cli.Tests.UnitTest;

/// <summary>
/// helm-unittest's own runner cases through <c>secretskit unittest</c>, when tests/peers/helm-unittest-suite.sh has
/// extracted them into .tools/helm-unittest-suite (or <c>HELM_UNITTEST_SUITE_DIR</c>; absent: skipped with that reason,
/// never passed unchecked): every runnable suite must agree (PASS/FAIL/SKIP and the failing assertions named), and every
/// case checked by its summary lines, exit code or output file, except the known differences the comparer lists; with
/// helm 3.10.1 and with Helm 4.1.4, the <c>kubernetesProvider</c> lookup case (<c>with-k8s-fake-client</c>) on both.
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

    private static string? Suite()
    {
        var dir = Environment.GetEnvironmentVariable("HELM_UNITTEST_SUITE_DIR") is { Length: > 0 } set ? set
            : RepositoryRoot() is { } root ? Path.Combine(root, ".tools", "helm-unittest-suite") : null;
        return dir is not null && File.Exists(Path.Combine(dir, "VERSION")) ? dir : null;
    }

    [PeerTheory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Helm_unittests_runner_cases_agree(string version)
    {
        var root = RepositoryRoot()!;
        var suite = Suite()!;
        var pinned = File.ReadAllText(Path.Combine(suite, "VERSION")).Split(' ')[0]; // the label the fetch script pinned
        using var helm = new RealHelm(version: version);
        var env = new Dictionary<string, string?> { ["HELM_BIN"] = helm.HelmPath };
        var result = await ProcessRun.RunAsync("python3",
            [Path.Combine(root, "tests", "peers", "helm_unittest_suite.py"), suite, Path.Combine(AppContext.BaseDirectory, "secretskit.dll"), pinned],
            env, null, root, TimeSpan.FromMinutes(30));
        output.WriteLine(result.StdoutText + result.Stderr);
        Assert.True(result.ExitCode == 0, result.StdoutText + result.Stderr);
        Assert.Contains("suites agree", result.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped TestV3RunnerOkWithFakeK8sClient", result.StdoutText, StringComparison.Ordinal);
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
