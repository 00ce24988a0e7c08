using System.Diagnostics;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>exec-env and exec-file: environment, exit codes passed through, and no plaintext left behind on any path.</summary>
public sealed class ExecCommandTests
{
    private const string Yaml = "DB_PASSWORD: hunter2\nPORT: 5432\nRATIO: 0.5\n";

    private static Dictionary<string, string?> Env(string tmp) =>
        new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["TMPDIR"] = tmp, ["SK_MARKER"] = "inherited" };

    [Fact]
    public async Task Exec_env_exports_top_level_values_and_passes_the_child_exit_code()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(new[] { "exec-env", path, "echo \"$DB_PASSWORD|$PORT|$RATIO|$SK_MARKER\"; exit 7" }, Env(dir.Path), recordOutput: false);

        Assert.Equal(7, run.ExitCode);
        Assert.Equal("hunter2|5432|0.5|inherited\n", run.StdoutText);
    }

    [Fact]
    public async Task Exec_env_pristine_gives_only_the_file_variables()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(new[] { "exec-env", "--pristine", path, "echo \"[$SK_MARKER][$PORT]\"" }, Env(dir.Path), recordOutput: false);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("[][5432]\n", run.StdoutText);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exec_env_same_process_replaces_secretskit_and_keeps_exit_code_and_pristine(bool pristine)
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var args = new List<string> { "exec-env", "--same-process" };
        if (pristine) args.Add("--pristine");
        args.AddRange(new[] { path, "echo \"[$SK_MARKER][$PORT]\"; exit 9" });

        var run = await CliRunner.RunAsync(args, Env(dir.Path), recordOutput: false);

        Assert.Equal(9, run.ExitCode);
        Assert.Equal(pristine ? "[][5432]\n" : "[inherited][5432]\n", run.StdoutText);
    }

    [Fact]
    public async Task Exec_env_refuses_nested_values()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), "app:\n    key: v\n", TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(new[] { "exec-env", path, "echo ran" }, Env(dir.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'app'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exec_file_gives_the_plaintext_at_its_path_and_removes_the_temp_dir(bool noFifo)
    {
        using var dir = new TempDir();
        var tmp = Directory.CreateDirectory(dir.File("tmp")).FullName;
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var args = new List<string> { "exec-file" };
        if (noFifo) args.Add("--no-fifo");
        args.AddRange(new[] { "--filename", "app.yaml", path, "test -p {} && echo fifo; cat {}; exit 3" });

        var run = await CliRunner.RunAsync(args, Env(tmp), recordOutput: false);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal((noFifo ? "" : "fifo\n") + Yaml, run.StdoutText);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "secretskit-*"));
    }

    [Theory]
    [InlineData("../escape.yaml")]
    [InlineData("sub/app.yaml")]
    [InlineData("..")]
    public async Task Exec_file_rejects_a_filename_that_is_not_a_plain_name(string name)
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(new[] { "exec-file", "--filename", name, path, "echo ran" }, Env(dir.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--filename", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exec_file_cleans_up_when_the_child_kills_itself_or_never_reads(bool noFifo)
    {
        using var dir = new TempDir();
        var tmp = Directory.CreateDirectory(dir.File("tmp")).FullName;
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var flags = noFifo ? new[] { "--no-fifo" } : Array.Empty<string>();

        var killed = await CliRunner.RunAsync(new[] { "exec-file" }.Concat(flags).Concat(new[] { path, "kill -9 $$" }), Env(tmp));
        Assert.Equal(137, killed.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "secretskit-*"));

        var ignored = await CliRunner.RunAsync(new[] { "exec-file" }.Concat(flags).Concat(new[] { path, "exit 0" }), Env(tmp));
        Assert.Equal(0, ignored.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "secretskit-*"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exec_file_removes_the_temp_dir_when_secretskit_gets_sigterm(bool noFifo)
    {
        using var dir = new TempDir();
        var tmp = Directory.CreateDirectory(dir.File("tmp")).FullName;
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "secretskit.dll"));
        psi.ArgumentList.Add("exec-file");
        if (noFifo) psi.ArgumentList.Add("--no-fifo");
        psi.ArgumentList.Add(path);
        psi.ArgumentList.Add("sleep 30"); // long enough to outlast a loaded machine's start-up; the test kills secretskit first
        psi.Environment["HOME"] = CliRunner.IsolatedHome;
        psi.Environment["TMPDIR"] = tmp;
        psi.Environment["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var appeared = false;
            for (var i = 0; i < 600 && !appeared; i++)
            {
                appeared = Directory.EnumerateDirectories(tmp, "secretskit-*").Any(d => Directory.EnumerateFileSystemEntries(d).Any());
                if (!appeared) await Task.Delay(100);
            }
            Assert.True(appeared, "the temp dir never appeared: " + (process.HasExited ? await stderr : "still running"));

            var kill = await ProcessRun.RunAsync("kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(0, kill.ExitCode);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "secretskit-*"));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
