using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// The policy stage's NOTES.txt scan for charts that are no local directory and for releases with a post-renderer, on
/// examples/helmfile with the staging environment's age-encrypted secrets, rendered by the real helms: a repository chart
/// (served over HTTP on 127.0.0.1 from the real helm's package and index) is pulled once into the private directory and
/// rendered from there, so helm fetches it once per release, in <c>diff</c> and <c>sync</c> as in <c>lint</c>; a packaged
/// <c>.tgz</c> is unpacked into the private directory with the stand-in; a post-renderer never sees the stand-in, as helm never hands NOTES.txt to
/// one. No run prints a secret value.
/// </summary>
public sealed class NotesChartSourcesReleaseCliTests
{
    private const string LeakyNotes = """
        Installed {{ .Release.Name }}.
        {{- if .Values.secrets }}
        Connect with: psql "postgres://shop:{{ .Values.secrets.DB_PASSWORD }}@db/shop"
        {{- end }}
        """;

    private const string Finding = "  | release shop-staging/api: web/templates/NOTES.txt: NOTES: line 2: SK-PLAINTEXT-001 (CRITICAL) Decrypted secret in plain text: "
        + "holds the decrypted value of values key database.password (environments/staging/secrets.yaml)";

    private static void AssertNoValue(ProcessRun.Result r)
    {
        foreach (var secret in HelmfileSandbox.StagingSecrets) Assert.DoesNotContain(secret, r.Stderr + r.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_repository_charts_NOTES_txt_is_scanned_in_diff_and_sync_with_one_fetch_per_release(string helmVersion)
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm(version: helmVersion);
        using var dir = new TempDir();
        await using var server = await FakeFileServer.StartAsync();
        File.WriteAllText(box.PathOf("charts/web/templates/NOTES.txt"), LeakyNotes);
        await RepositoryChartLintTests.ServeChartRepositoryAsync(server, real, box, dir);
        RepositoryChartLintTests.UseRepositoryChart(box, server, "0.1.0");
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        foreach (var verb in new[] { "diff", "sync" })
        {
            var before = server.Requests.Count(q => q.PathAndQuery == "/charts/web-0.1.0.tgz");
            var r = await CliRunner.RunAsync(["release", "-e", "staging", verb, "--no-lock"], env, cwd: box.WorkDir);

            Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.Stderr}");
            Assert.Contains("secretskit: release shop-staging/api: policy failed\n", r.Stderr, StringComparison.Ordinal);
            Assert.Contains(Finding, r.Stderr, StringComparison.Ordinal);
            AssertNoValue(r);
            // the pull is the only fetch: helm renders the pulled chart (api only: the worker needs api, so it is not reached)
            Assert.Equal(before + 1, server.Requests.Count(q => q.PathAndQuery == "/charts/web-0.1.0.tgz"));
        }
        Assert.Empty(box.Upgrades);
        Assert.DoesNotContain(box.Helm.Calls, c => c.StartsWith("get-manifest", StringComparison.Ordinal));
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_packaged_charts_NOTES_txt_is_scanned_and_its_manifests_are_the_archives_own()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("charts/web/templates/NOTES.txt"), LeakyNotes);
        var package = await real.RunAsync(["package", box.PathOf("charts/web"), "-d", box.WorkDir]);
        Assert.True(package.ExitCode == 0, package.Stderr);
        Directory.Delete(box.PathOf("charts"), recursive: true);
        box.Edit("helmfile.yaml", "chart: ./charts/web", "chart: web-0.1.0.tgz");
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var diff = await CliRunner.RunAsync(["release", "-e", "staging", "diff"], env, cwd: box.WorkDir);
        Assert.True(diff.ExitCode == 1, diff.Stderr);
        Assert.True(diff.Stderr.Contains(Finding, StringComparison.Ordinal), diff.Stderr);
        Assert.DoesNotContain("helm pull", diff.Stderr, StringComparison.Ordinal);
        AssertNoValue(diff);

        var template = await CliRunner.RunAsync(["release", "-e", "staging", "template"], env, cwd: box.WorkDir);
        Assert.True(template.ExitCode == 0, template.Stderr);
        Assert.Contains("# Source: web/templates/deployment.yaml", template.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("secretskit-text", template.StdoutText, StringComparison.Ordinal);
        box.AssertNoPlaintextLeft();
    }

    [Fact]
    public async Task A_post_renderer_never_sees_the_stand_in_and_its_output_is_what_diff_compares()
    {
        using var box = new HelmfileSandbox();
        using var real = new RealHelm();
        using var dir = new TempDir();
        File.WriteAllText(box.PathOf("charts/web/templates/NOTES.txt"), LeakyNotes);
        // a post-renderer that would blank the stand-in's text, and adds a ConfigMap of its own
        var script = box.PathOf("post-render.sh");
        File.WriteAllText(script, "#!/bin/sh\nsed 's/^secretskitText: .*/secretskitText: \"\"/'\nprintf -- '---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: added-by-post-renderer\\n'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        box.Edit("helmfile.yaml", "releases:\n", "helmDefaults:\n  postRenderer: ./post-render.sh\n\nreleases:\n");
        var env = ReleaseValidateCliTests.Env(box, real, dir);

        var lint = await CliRunner.RunAsync(["release", "-e", "staging", "lint"], env, cwd: box.WorkDir);
        Assert.True(lint.ExitCode == 1, lint.Stderr);
        Assert.Contains(Finding, lint.Stderr, StringComparison.Ordinal);
        AssertNoValue(lint);

        File.WriteAllText(box.PathOf("charts/web/templates/NOTES.txt"), "Installed {{ .Release.Name }}.\n");
        var diff = await CliRunner.RunAsync(["release", "-e", "staging", "diff"], env, cwd: box.WorkDir);
        Assert.True(diff.ExitCode == 0, diff.Stderr);
        Assert.Contains("added-by-post-renderer", diff.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("secretskit-text", diff.StdoutText, StringComparison.Ordinal);
        AssertNoValue(diff);
        box.AssertNoPlaintextLeft();
    }
}
