using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// YamlDotNet's scanner throws <see cref="InvalidOperationException"/>, not its own YamlException, on some malformed
/// text (found by mutating helm output for the validate stage). Each reader of a YAML file reports it as malformed:
/// a clear error and the command's exit code, never "unexpected InvalidOperationException … report this as a bug".
/// </summary>
public sealed class YamlScannerFailureTests
{
    // the smallest text found that makes YamlDotNet 16.3's ScanPlainScalar throw InvalidOperationException
    private const string ScannerCrash = "            : {\ne";

    private static void AssertReportedAsMalformed(ProcessRun.Result r, int exitCode)
    {
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Contains("secretskit: error: ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid YAML syntax after this point", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("report this as a bug", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_reports_the_document_as_not_valid_yaml()
    {
        using var dir = new TempDir();
        var path = dir.Write("rendered.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n" + ScannerCrash);

        var r = await CliRunner.RunAsync(["validate", path]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not valid YAML", r.StdoutText + r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sops_yaml_that_crashes_the_scanner_is_a_config_error()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", ScannerCrash);
        var path = dir.Write("values.yaml", "a: b\n");

        var r = await CliRunner.RunAsync(["encrypt", path], cwd: dir.Path);

        AssertReportedAsMalformed(r, 1);
        Assert.Contains(".sops.yaml", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helmfile_that_crashes_the_scanner_is_a_file_error()
    {
        using var dir = new TempDir();
        var path = dir.Write("helmfile.yaml", ScannerCrash);

        var r = await CliRunner.RunAsync(["release", "-f", path, "list"], cwd: dir.Path);

        AssertReportedAsMalformed(r, 1);
        Assert.Contains("helmfile.yaml", r.Stderr, StringComparison.Ordinal);
    }
}
