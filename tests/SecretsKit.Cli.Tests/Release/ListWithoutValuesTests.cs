using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>release list</c> and <c>show-dag</c> read the state as helmfile's do, without rendering the releases'
/// <c>*.gotmpl</c> values files (helmfile renders those only when it builds helm's arguments), so an <c>exec</c> in a
/// values file needs no <c>--allow-exec</c> to list; the verbs that render values still refuse it without the flag.
/// </summary>
public sealed class ListWithoutValuesTests
{
    [Fact]
    public async Task List_and_show_dag_need_no_allow_exec_for_a_values_file_that_runs_a_command()
    {
        using var dir = new TempDir("sk-list-exec-");
        dir.Write("values/web.yaml.gotmpl", "build: {{ exec \"echo\" (list \"abc\") | trim }}\n");
        dir.Write("helmfile.yaml", "releases:\n  - name: web\n    namespace: acme-dev\n    chart: ./chart\n    values: [values/web.yaml.gotmpl]\n"
            + "  - name: api\n    namespace: acme-dev\n    chart: ./chart\n    needs: [acme-dev/web]\n");

        var list = await CliRunner.RunAsync(["release", "list"], cwd: dir.Path);
        var dag = await CliRunner.RunAsync(["release", "show-dag"], cwd: dir.Path);
        var build = await CliRunner.RunAsync(["release", "build"], cwd: dir.Path);

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("web", list.StdoutText, StringComparison.Ordinal);
        Assert.True(dag.ExitCode == 0, dag.Stderr);
        Assert.Contains("api", dag.StdoutText, StringComparison.Ordinal);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("--allow-exec", build.Stderr, StringComparison.Ordinal);
    }
}
