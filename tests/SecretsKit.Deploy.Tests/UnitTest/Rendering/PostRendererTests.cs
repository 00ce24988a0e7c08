using SecretsKit.Deploy.Tests.UnitTest;
using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest.Rendering;

/// <summary>
/// <c>postRenderer</c> as helm-unittest runs it, on the real helm 3.10.1 and 4.1.4: the rendered templates go through a
/// real command (sed on PATH, a script in the chart), the test's post-renderer replaces the suite's, a command that
/// drops the file headers gives one <c>manifest.yaml</c>, and a failing or missing command fails the test in words.
/// </summary>
public sealed class PostRendererTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    private const string Suite = """
        suite: post-rendered
        templates: [deployment.yaml]
        postRenderer:
          cmd: sed
          args: ["s/replicas: 2/replicas: 7/"]
        tests:
          - it: sees the suite's post-renderer
            asserts:
              - equal:
                  path: spec.replicas
                  value: 7
          - it: the test's post-renderer replaces the suite's
            postRenderer:
              cmd: sed
              args: ["-e", "s/nginx:1.27/registry.local\\/nginx:1.27/"]
            asserts:
              - equal:
                  path: spec.replicas
                  value: 2
              - equal:
                  path: spec.template.spec.containers[0].image
                  value: registry.local/nginx:1.27
          - it: a post-renderer that drops the headers gives one manifest.yaml
            postRenderer:
              cmd: ./app/tests/drop-headers.sh
            asserts:
              - hasDocuments:
                  count: 1
              - isKind:
                  of: Deployment
                template: manifest.yaml
          - it: the rendered templates reach the command with helm-unittest's headers
            postRenderer:
              cmd: ./app/tests/headers.sh
            asserts:
              - equal:
                  path: data.headers
                  value: "---|#### file: app/templates/deployment.yaml|"
        """;

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Post_renderers_change_what_the_asserts_see(string version)
    {
        _chart.Write("tests/post_test.yaml", Suite);
        Script("tests/drop-headers.sh", "grep -v '^#### file:'\n");
        Script("tests/headers.sh", "printf 'apiVersion: v1\\nkind: ConfigMap\\ndata:\\n  headers: \"%s\"\\n' \"$(grep -E '^(---|#### file:)' | tr '\\n' '|')\"\n");
        using var helm = new RealHelm(version: version);
        var (result, text) = await _chart.RunAsync(helm: helm.HelmPath);
        Assert.True(result.Passed, text);
        Assert.Contains("Tests:       4 passed, 4 total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_post_renderer_fails_the_test_with_its_exit_code_and_error_output()
    {
        Script("tests/fail.sh", "cat >/dev/null\necho 'yq: bad expression' >&2\nexit 3\n");
        _chart.Write("tests/fail_test.yaml", """
            suite: failing
            templates: [deployment.yaml]
            tests:
              - it: fails
                postRenderer:
                  cmd: ./app/tests/fail.sh
                asserts:
                  - isKind:
                      of: Deployment
            """);
        var (result, text) = await _chart.RunAsync();
        Assert.False(result.Passed);
        Assert.Contains("post-render failed: error while running command " + Path.Combine(_chart.Chart, "tests", "fail.sh") + ": exit status 3", text, StringComparison.Ordinal);
        Assert.Contains("yq: bad expression", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_post_renderer_command_is_named()
    {
        _chart.Write("tests/missing_test.yaml", """
            suite: missing
            templates: [deployment.yaml]
            postRenderer:
              cmd: secretskit-no-such-post-renderer
            tests:
              - it: fails
                asserts:
                  - isKind:
                      of: Deployment
            """);
        var (result, text) = await _chart.RunAsync();
        Assert.False(result.Passed);
        Assert.Contains("unable to find binary at secretskit-no-such-post-renderer: executable file not found in $PATH", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decrypted_value_in_the_post_renderers_error_output_is_not_shown()
    {
        const string password = "s3cr3t-Pa55word-for-post";
        await TestSops.WriteEncryptedAsync(Path.Combine(_chart.Chart, "tests", "secrets.yaml"), $"db:\n  password: {password}\n");
        Script("tests/echo-err.sh", "cat >&2\nexit 1\n");
        _chart.Write("tests/leak_test.yaml", """
            suite: leak
            templates: [secret.yaml]
            values: [secrets.yaml]
            postRenderer:
              cmd: ./app/tests/echo-err.sh
            tests:
              - it: fails
                asserts:
                  - isKind:
                      of: Secret
            """);
        var (result, text) = await _chart.RunAsync();
        Assert.False(result.Passed);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.Contains("#### file: app/templates/secret.yaml", text, StringComparison.Ordinal);
        Assert.Contains("(line not shown: it holds a value from a decrypted values file)", text, StringComparison.Ordinal);
    }

    private void Script(string relative, string body)
    {
        var path = _chart.Write(relative, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
