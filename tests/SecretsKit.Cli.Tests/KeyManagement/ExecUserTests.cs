using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>
/// <c>exec-env</c>/<c>exec-file --user NAME</c> as sops 3.13.2: the command runs with the user's uid, gid and groups and its
/// HOME, USER and LOGNAME; the plaintext file is handed to that user. Only root can switch: the not-root run is made by
/// dropping to <c>nobody</c> with <c>setpriv</c> (when the tests run as root) or is this process itself (when they do not).
/// </summary>
public sealed class ExecUserTests
{
    private const string Yaml = "DB_PASSWORD: hunter-user\n";

    private static bool IsRoot => GetEUid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEUid();

    private static Dictionary<string, string?> Env(string tmp) => new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["TMPDIR"] = tmp };

    [Fact]
    public async Task Exec_env_user_nobody_runs_the_command_as_nobody_with_its_home_user_and_logname()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(["exec-env", "--user", "nobody", path, "echo \"$(id -u):$(id -g):$(id -G):$HOME:$USER:$LOGNAME:$DB_PASSWORD\""], Env(dir.Path), recordOutput: false);

        if (!IsRoot)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("--user nobody needs root", run.Stderr, StringComparison.Ordinal);
            return;
        }
        Assert.True(run.ExitCode == 0, run.Stderr);
        var nobody = (await ProcessRun.RunAsync("getent", ["passwd", "nobody"])).StdoutText.Trim().Split(':');
        Assert.Equal($"{nobody[2]}:{nobody[3]}:{nobody[3]}:{nobody[5]}:nobody:nobody:hunter-user\n", run.StdoutText);
    }

    [Fact]
    public async Task Exec_env_same_process_user_nobody_switches_before_execve()
    {
        Assert.True(IsRoot, "the tests run as root here; --user needs it");
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(["exec-env", "--same-process", "--user", "nobody", path, "echo \"$(id -un):$(id -gn):$USER:$DB_PASSWORD\""], Env(dir.Path), recordOutput: false);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var group = (await ProcessRun.RunAsync("id", ["-gn", "nobody"])).StdoutText.Trim();
        Assert.Equal($"nobody:{group}:nobody:hunter-user\n", run.StdoutText);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exec_file_user_nobody_reads_the_plaintext_that_was_handed_to_it(bool noFifo)
    {
        Assert.True(IsRoot, "the tests run as root here; --user needs it");
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute); // nobody may pass through to the private temp dir inside
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        string[] args = noFifo ? ["exec-file", "--no-fifo", "--user", "nobody", path, "id -un; cat {}"] : ["exec-file", "--user", "nobody", path, "id -un; cat {}"];

        var run = await CliRunner.RunAsync(args, Env(dir.Path), recordOutput: false);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("nobody\n" + Yaml, run.StdoutText);
        Assert.Equal(["s.yaml"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName)); // the temp dir is gone
    }

    [Fact]
    public async Task Not_root_gets_a_one_line_error_before_anything_is_decrypted()
    {
        Assert.True(IsRoot, "the tests run as root here; setpriv drops to nobody");
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        // nobody cannot reach the build output when the clone sits in a private (0700) directory, e.g. a `mktemp -d`
        using var cli = ReadableCopyOfTheCli();
        var dll = Path.Combine(cli.Path, "secretskit.dll");

        var run = await ProcessRun.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", dll, "exec-env", "--user", "root", path, "id -u"],
            new Dictionary<string, string?> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp", ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("secretskit: error: --user root needs root: only root can run the command as another user", run.Stderr.Split('\n')[0]);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.StdoutText);
    }

    /// <summary>The built CLI (its assemblies and runtime files) copied into a temp directory every user can read.</summary>
    private static TempDir ReadableCopyOfTheCli()
    {
        var copy = new TempDir("sk-cli-for-nobody-");
        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(copy.Path, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory)
                     .Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("secretskit.", StringComparison.Ordinal)))
        {
            var target = Path.Combine(copy.Path, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, Readable);
        }
        return copy;
    }
}
