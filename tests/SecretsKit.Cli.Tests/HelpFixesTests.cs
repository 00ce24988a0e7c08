using System.Text;
using SecretsKit.Cli.Tests.Helm;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Help as a newcomer reads it: <c>secretskit helm template --help</c> is helm's own help, <c>secretskit helm --help</c>
/// the wrapper's usage line, commands that read no key and no .sops.yaml do not list sops's global flags, and
/// <c>validate</c> and <c>scan</c> take the same output flags.
/// </summary>
public sealed class HelpFixesTests
{
    [Fact]
    public async Task Helm_template_help_through_the_wrapper_is_helms_own_help()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();

        var run = await CliRunner.RunAsync(["helm", "template", "--help"], sandbox.Environment(), cwd: sandbox.Dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Render chart templates locally", run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("helm-args", run.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_help_is_the_wrappers_usage_line_without_the_parsers_malformed_one()
    {
        var run = await CliRunner.RunAsync(["helm", "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage: secretskit helm [-q|--quiet] [--dec-next-to-source] [--ignore-mac] <helm command> [helm args…]\n", run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("]]", run.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keygen")]
    [InlineData("validate")]
    public async Task A_command_that_reads_no_key_and_no_sops_yaml_lists_none_of_the_global_sops_flags(string command)
    {
        var run = await CliRunner.RunAsync([command, "--help"]);

        Assert.Equal(0, run.ExitCode);
        foreach (var flag in new[] { "--config", "--indent", "--verbose", "--keyservice", "--enable-local-keyservice" })
        {
            Assert.DoesNotContain(flag + " ", run.StdoutText, StringComparison.Ordinal);
        }
        Assert.Contains("-?, -h, --help", run.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_and_scan_both_take_output_and_format()
    {
        const string Pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n";
        using var dir = new SecretsKit.Testing.Common.TempDir();

        var validate = await CliRunner.RunAsync(["validate", "--format", "json"], stdin: Encoding.UTF8.GetBytes(Pod));
        var scan = await CliRunner.RunAsync(["scan", "-o", "json", dir.Path], cwd: dir.Path);

        Assert.True(validate.ExitCode == 0, validate.Stderr);
        Assert.StartsWith("{", validate.StdoutText, StringComparison.Ordinal);
        Assert.True(scan.ExitCode == 0, scan.Stderr);
        Assert.StartsWith("{", scan.StdoutText.TrimStart(), StringComparison.Ordinal);
    }
}
