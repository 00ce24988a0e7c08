using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// Inputs an attacker or a careless user can hand the real <c>secretskit</c> process: a file named on the command line
/// or standard input that never ends (<c>/dev/zero</c> reports a length of 0), and a FIFO named <c>.sops.yaml</c> that the
/// config search finds. Each is one clear line and an exit code, in bounded time and memory, never a read without end.
/// </summary>
public sealed class InputBoundTests
{
    private static void AssertOneCleanLine(ProcessRun.Result r)
    {
        Assert.StartsWith("secretskit: error: ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_named_on_the_command_line_that_never_ends_is_refused_past_one_gibibyte()
    {
        var r = await CliRunner.RunAsync(["encrypt", "--input-type", "binary", "--age", TestKeys.AgeRecipient, "/dev/zero"], timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(2, r.ExitCode);
        AssertOneCleanLine(r);
        Assert.Contains("/dev/zero is larger than 1 GiB, not read", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(1L << 30, BoundedInput.MaxDocumentBytes);
    }

    [Fact]
    public async Task Standard_input_that_never_ends_is_refused_past_one_gibibyte()
    {
        var env = CliRunner.Environment(null);
        env["SK_DLL"] = Path.Combine(AppContext.BaseDirectory, "secretskit.dll");
        env["SK_RECIPIENT"] = TestKeys.AgeRecipient;

        var r = await ProcessRun.RunAsync("bash", ["-c", "exec dotnet \"$SK_DLL\" encrypt --filename-override x.bin --input-type binary --age \"$SK_RECIPIENT\" < /dev/zero"],
            env, timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(2, r.ExitCode);
        AssertOneCleanLine(r);
        Assert.Contains("standard input is larger than 1 GiB, not read", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_named_sops_yaml_found_by_the_config_search_is_refused_instead_of_blocking_the_cli()
    {
        using var dir = new TempDir();
        var plain = dir.Write("secrets.yaml", "password: hunter2\n");
        var fifo = Path.Combine(dir.Path, ".sops.yaml");
        var made = await ProcessRun.RunAsync("mkfifo", [fifo]);
        Assert.Equal(0, made.ExitCode);

        // nobody ever writes to the FIFO: a blocking open would hold the CLI until the 60 s timeout
        var r = await CliRunner.RunAsync(["encrypt", plain], cwd: dir.Path, timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(1, r.ExitCode);
        AssertOneCleanLine(r);
        Assert.Contains($"config file {fifo}: a FIFO, socket or terminal, not read", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", r.StdoutText + r.Stderr, StringComparison.Ordinal);
    }
}
