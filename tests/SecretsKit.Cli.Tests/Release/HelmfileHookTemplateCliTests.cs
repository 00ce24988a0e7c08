using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// Issue #49: hooks' <c>command</c>/<c>args</c> are templates rendered when their event fires, as helmfile v1.7's
/// event bus renders them (docs/hooks.md): <c>.Environment</c>, <c>.HelmfileCommand</c>, <c>.Event.Name</c>,
/// <c>.Event.Error</c> (nil unless the release failed), and for a release's hooks <c>.Release</c>/<c>.Values</c>.
/// Each hook appends its rendered arguments to hooks.log.
/// </summary>
public sealed class HelmfileHookTemplateCliTests : IDisposable
{
    private readonly TempDir _dir = new("sk-hf-hooks-");
    private readonly RealHelm _helm = new();

    public HelmfileHookTemplateCliTests()
    {
        _dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: echo\nversion: 0.1.0\n");
        _dir.Write("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
    }

    public void Dispose()
    {
        _helm.Dispose();
        _dir.Dispose();
    }

    private string Log => File.Exists(_dir.File("hooks.log")) ? File.ReadAllText(_dir.File("hooks.log")) : "";

    [Fact]
    public async Task Global_and_release_hook_args_are_rendered_per_event_with_the_environment_release_and_helmfile_command()
    {
        _dir.Write("helmfile.yaml.gotmpl", """
            environments:
              prod: {}
            ---
            hooks:
              - events: [prepare, cleanup]
                command: sh
                args: [-c, 'echo "global $1 $2 $3" >> hooks.log', sh, "{{`{{.Environment.Name}}`}}", "{{`{{.HelmfileCommand}}`}}", "{{`{{.Event.Name}}`}}"]
            releases:
              - name: myapp
                chart: ./chart
                hooks:
                  - events: [prepare, cleanup]
                    command: sh
                    args: [-c, 'echo "$1 $2 $3 $4 $5" >> hooks.log', sh, "{{`{{.Environment.Name}}`}}", "{{`{{.Release.Name}}`}}",
                      "{{`{{.HelmfileCommand}}`}}", "{{`{{.Event.Name}}`}}", "{{`{{.Event.Error}}`}}"]
            """);
        var env = _helm.Environment();
        env["HELM_BIN"] = RealHelm.Path;
        var r = await CliRunner.RunAsync(["release", "template", "--skip-deps", "-e", "prod"], env, cwd: _dir.Path);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stderr}");
        // helmfile's documented result: `echo prod myapp sync` for `helmfile -e prod sync`; here the command is template
        Assert.Equal("global prod template prepare\nprod myapp template prepare <nil>\nprod myapp template cleanup <nil>\nglobal prod template cleanup\n", Log);
    }

    /// <summary>A sub-helmfile's own top-level hooks run from its directory with its state's data, before the root's.</summary>
    [Fact]
    public async Task A_sub_helmfiles_global_hooks_run_from_its_directory_before_the_roots()
    {
        _dir.Write("sub/chart/Chart.yaml", "apiVersion: v2\nname: echo\nversion: 0.1.0\n");
        _dir.Write("sub/chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
        _dir.Write("sub/helmfile.yaml.gotmpl", """
            environments:
              prod: {}
            ---
            hooks:
              - events: [prepare, cleanup]
                command: sh
                args: [-c, 'echo "sub $1 $2 $(basename "$PWD")" >> ../hooks.log', sh, "{{`{{.Environment.Name}}`}}", "{{`{{.Event.Name}}`}}"]
            releases:
              - name: subapp
                chart: ./chart
            """);
        _dir.Write("helmfile.yaml.gotmpl", """
            environments:
              prod: {}
            ---
            helmfiles:
              - path: sub/helmfile.yaml.gotmpl
            hooks:
              - events: [prepare, cleanup]
                command: sh
                args: [-c, 'echo "root $1 $2" >> hooks.log', sh, "{{`{{.Environment.Name}}`}}", "{{`{{.Event.Name}}`}}"]
            releases:
              - name: myapp
                chart: ./chart
            """);
        var env = _helm.Environment();
        env["HELM_BIN"] = RealHelm.Path;
        var r = await CliRunner.RunAsync(["release", "template", "--skip-deps", "-e", "prod"], env, cwd: _dir.Path);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stderr}");
        Assert.Equal("sub prod prepare sub\nroot prod prepare\nsub prod cleanup sub\nroot prod cleanup\n", Log);
        Assert.Contains("name: subapp", r.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "success")]
    [InlineData(1, "failure")]
    public async Task Presync_and_postsync_hooks_see_the_event_and_postsync_sees_a_failed_upgrade_as_Event_Error(int helmExit, string postsync)
    {
        _dir.Write("helmfile.yaml.gotmpl", """
            releases:
              - name: myapp
                namespace: shop
                chart: ./chart
                hooks:
                  - events: [presync, postsync]
                    command: sh
                    args: [-c, 'echo "$*" >> hooks.log', sh, --event, '{{`{{ .Event.Name }}`}}',
                      --status, '{{`{{ if .Event.Error }}failure{{ else }}success{{ end }}`}}',
                      --namespace, '{{`{{ .Release.Namespace }}`}}', --release, '{{`{{ .Release.Name }}`}}', '{{`{{ .HelmfileCommand }}`}}']
            """);
        using var fake = new FakeHelm();
        var r = await CliRunner.RunAsync(["release", "sync", "--skip-validate", "--skip-deps", "--no-lock"], fake.Environment(exitCode: helmExit), cwd: _dir.Path);
        Assert.Equal(helmExit == 0 ? 0 : 1, r.ExitCode);
        Assert.Equal("--event presync --status success --namespace shop --release myapp sync\n"
            + $"--event postsync --status {postsync} --namespace shop --release myapp sync\n", Log);
    }

    [Fact]
    public async Task A_global_hook_has_no_Release_so_naming_it_fails_the_run_with_one_line_before_anything_runs()
    {
        _dir.Write("helmfile.yaml.gotmpl", """
            hooks:
              - events: [prepare]
                command: sh
                args: [-c, 'echo "$1" >> hooks.log', sh, "{{`{{ .Release.Name }}`}}"]
            releases:
              - {name: myapp, chart: ./chart}
            """);
        using var fake = new FakeHelm();
        var r = await CliRunner.RunAsync(["release", "template", "--skip-deps"], fake.Environment(), cwd: _dir.Path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("secretskit: global hooks: prepare hook 'sh': template: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("map has no entry for key \"Release\"", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", Log);
        Assert.Empty(fake.Invocations);
    }
}
