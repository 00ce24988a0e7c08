using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>release lint</c> of charts from a chart repository, as helmfile does it: <c>helm pull --untar --version V</c> into a
/// private temp dir, then <c>helm lint</c> of that dir (and the unittest stage runs the suites packaged in it). The repository is real: examples/helmfile's chart packaged and
/// indexed by the real helm 3.10.1 and served over HTTP on 127.0.0.1.
/// </summary>
public sealed class RepositoryChartLintTests
{
    /// <summary>Packages examples/helmfile/charts/web, indexes it for the server's <c>/charts/</c> URL and serves both.</summary>
    internal static async Task ServeChartRepositoryAsync(FakeFileServer server, RealHelm real, HelmfileSandbox box, TempDir dir)
    {
        var packages = Directory.CreateDirectory(dir.File("packages")).FullName;
        var baseUrl = new Uri(server.BaseAddress, "/charts").ToString();
        foreach (var args in new[] { new[] { "package", box.PathOf("charts/web"), "-d", packages }, ["repo", "index", packages, "--url", baseUrl] })
        {
            var r = await ProcessRun.RunAsync(RealHelm.Path, args, real.Environment());
            Assert.True(r.ExitCode == 0, $"helm {args[0]}: {r.Stderr}");
        }
        foreach (var file in Directory.GetFiles(packages)) server.Put("/charts/" + Path.GetFileName(file), File.ReadAllBytes(file));
    }

    /// <summary>The example with both releases' chart taken from the repository <c>shop</c> at <paramref name="version"/>, and no local chart left.</summary>
    internal static void UseRepositoryChart(HelmfileSandbox box, FakeFileServer server, string version)
    {
        var helmfile = box.PathOf("helmfile.yaml");
        var text = File.ReadAllText(helmfile).Replace("chart: ./charts/web", $"chart: shop/web\n    version: \"{version}\"", StringComparison.Ordinal);
        File.WriteAllText(helmfile, text.Replace("releases:", $"repositories:\n  - name: shop\n    url: {new Uri(server.BaseAddress, "/charts")}\n\nreleases:", StringComparison.Ordinal));
        Directory.Delete(box.PathOf("charts"), recursive: true);
    }

    [Fact]
    public async Task Lint_pulls_a_repository_chart_at_the_release_version_into_a_temp_dir_and_lints_it()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        await using var server = await FakeFileServer.StartAsync();
        await ServeChartRepositoryAsync(server, real, box, dir);
        UseRepositoryChart(box, server, "0.1.0");

        var r = await CliRunner.RunAsync(["release", "-f", "helmfile.yaml", "-e", "staging", "lint"], ReleaseValidateCliTests.Env(box, real, dir), cwd: box.WorkDir);

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        Assert.DoesNotContain("unable to check Chart.yaml", r.Stderr + r.StdoutText, StringComparison.Ordinal);
        Assert.Contains(server.Requests, q => q.PathAndQuery == "/charts/web-0.1.0.tgz");
        box.AssertNoPlaintextLeft(); // the pulled chart's temp dir is gone too
    }

    [Fact]
    public async Task A_release_version_the_repository_does_not_have_fails_lint_at_the_pull_stage_with_helms_message()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        await using var server = await FakeFileServer.StartAsync();
        await ServeChartRepositoryAsync(server, real, box, dir);
        UseRepositoryChart(box, server, "9.9.9");

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], ReleaseValidateCliTests.Env(box, real, dir), cwd: box.WorkDir);

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.Stderr}");
        Assert.Contains("secretskit: release shop-staging/api: helm pull failed (exit 1)", r.Stderr, StringComparison.Ordinal);
        Assert.True(r.Stderr.Contains("chart \"web\" matching 9.9.9 not found in shop index", StringComparison.Ordinal), r.Stderr);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task Unittest_runs_the_suites_packaged_in_a_repository_chart_pulled_once_per_release_for_lint_and_unittest()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        await using var server = await FakeFileServer.StartAsync();
        File.WriteAllText(Directory.CreateDirectory(box.PathOf("charts/web/tests")).FullName + "/deployment_test.yaml", """
            suite: web deployment
            templates:
              - deployment.yaml
            tests:
              - it: runs the chart's app version by default
                asserts:
                  - equal:
                      path: spec.template.spec.containers[0].image
                      value: nginxinc/nginx-unprivileged:1.27
            """);
        await ServeChartRepositoryAsync(server, real, box, dir);
        UseRepositoryChart(box, server, "0.1.0");
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var r = await CliRunner.RunAsync(["release", "-e", "staging", "unittest"], env, cwd: box.WorkDir);

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        Assert.Contains(" PASS  web deployment\t", r.StdoutText, StringComparison.Ordinal);
        Assert.Matches(@"api\s+shop-staging\s+unittest\s+passed", r.Stderr);
        Assert.Equal(2, server.Requests.Count(q => q.PathAndQuery == "/charts/web-0.1.0.tgz"));

        var lint = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(lint.ExitCode == 0, $"exit {lint.ExitCode}\n{lint.StdoutText}\n{lint.Stderr}");
        // one pull per release serves lint, unittest and helm template, which renders the pulled chart
        Assert.Equal(4, server.Requests.Count(q => q.PathAndQuery == "/charts/web-0.1.0.tgz"));
        box.AssertNoPlaintextLeft(); // the pulled charts' temp dirs are gone too
    }
}
