using System.Text;
using SecretsKit.Cli.Tests.Release;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// What works with a real helm and no cluster, run against helm 3.10.1 itself: lint/template/package of both charts
/// in this repository, the <c>secretskit helm</c> wrapper with HELM_BIN, <c>--post-renderer</c>, and
/// <c>release lint</c>/<c>release template</c> of examples/pipeline.
/// </summary>
public sealed class RealHelmChartTests
{
    public static TheoryData<string> Charts => new() { "examples/pipeline-app", "deploy/charts/secretskit-agent" };

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task Repository_charts_lint_template_and_package_with_real_helm(string chart)
    {
        using var helm = new RealHelm();
        var dir = Path.Combine(SharedFixtures.RepositoryRoot, chart);

        var lint = await helm.RunAsync(["lint", "--strict", dir]);
        var template = await helm.RunAsync(["template", "rel", dir, "-n", "team"]);
        var package = await helm.RunAsync(["package", dir, "-d", helm.Home]);

        Assert.True(lint.ExitCode == 0, lint.StdoutText + lint.Stderr);
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", lint.StdoutText, StringComparison.Ordinal);
        Assert.True(template.ExitCode == 0, template.Stderr);
        Assert.Contains("kind: Deployment", template.StdoutText, StringComparison.Ordinal);
        Assert.True(package.ExitCode == 0, package.Stderr);
        Assert.Single(Directory.GetFiles(helm.Home, Path.GetFileName(chart) + "-*.tgz"));
    }

    [Fact]
    public async Task Secretskit_helm_wrapper_runs_the_real_helm_from_HELM_BIN()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        var env = sandbox.Helm.Environment();
        env["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile;

        var run = await CliRunner.RunAsync(["helm", "-q", "template", "rel", sandbox.Chart, "-f", "secrets.yaml"], env, cwd: sandbox.Dir.Path, recordOutput: false);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Post_renderer_resolves_refs_in_what_real_helm_rendered()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        sandbox.Dir.Write("refs.yaml", "db:\n  password: ref+sops://secrets.yaml#/db/password\n");
        var script = sandbox.Dir.Write("post-render.sh", "#!/bin/sh\nexec secretskit post-renderer\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "refs.yaml", "--post-renderer", script]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"password: \"{HelmPluginSandbox.Secret}\"", run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("ref+sops", run.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_lint_and_template_of_the_example_pipeline_run_the_real_helm()
    {
        using var box = new PipelineSandbox();
        using var helm = new RealHelm();
        var env = box.Env();
        foreach (var (k, v) in helm.Environment()) env[k] = v;

        var lint = await CliRunner.RunAsync(["release", "lint", "-e", "dev"], env, cwd: box.WorkDir);
        var template = await CliRunner.RunAsync(["release", "template", "-e", "dev", "-l", "tier=backend", "--show-secrets"], env, cwd: box.WorkDir, recordOutput: false);

        Assert.True(lint.ExitCode == 0, lint.Stderr);
        Assert.True(template.ExitCode == 0, template.Stderr);
        Assert.Contains("kind: Deployment", template.StdoutText, StringComparison.Ordinal);
        Assert.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(PipelineSandbox.DemoSecrets[0])), template.StdoutText, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(box.TempDirectory));
    }
}
