using System.Diagnostics;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Words and flags a new user types that used to open an editor on a new file, print the whole help to stdout or be
/// taken for a file name; and what scripts written for sops and helm-secrets pass (repeated options, version-check
/// flags, --verbose).
/// </summary>
public sealed class CommandLineTrapTests
{
    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

    private static Dictionary<string, string?> MarkingEditor(TempDir dir) =>
        EditSandbox.With(EditSandbox.Editor(dir, $"touch '{dir.File("editor-ran")}'\necho 'a: b' > \"$1\""));

    [Theory]
    [InlineData("help")]
    [InlineData("help", "decrypt")]
    public async Task Help_as_a_word_prints_help_and_opens_no_editor(params string[] args)
    {
        using var dir = new TempDir();
        var run = await CliRunner.RunAsync(args, MarkingEditor(dir), cwd: dir.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(args.Length == 1 ? "Usage:\n  secretskit [command] [options]" : "Usage:\n  secretskit decrypt [<file>]", run.StdoutText, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("editor-ran")));
        Assert.False(File.Exists(dir.File("help")));
    }

    [Fact]
    public async Task No_arguments_print_the_usage_and_an_unknown_command_is_named()
    {
        var bare = await CliRunner.RunAsync([]);
        Assert.Equal(0, bare.ExitCode);
        Assert.Contains("Usage:\n  secretskit [command] [options]", bare.StdoutText, StringComparison.Ordinal);

        var unknown = await CliRunner.RunAsync(["nosuchcmd", "foo"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("", unknown.StdoutText);
        Assert.StartsWith("secretskit: error: unknown command 'nosuchcmd'\n", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_help_shows_optional_arguments_as_optional_with_the_columns_kept()
    {
        var run = await CliRunner.RunAsync(["--help"]);
        Assert.Equal(0, run.ExitCode);
        var rows = run.StdoutText.Split('\n');
        string Row(string name) => rows.Single(l => l.StartsWith($"  {name} ", StringComparison.Ordinal));
        Assert.StartsWith("  decrypt [<file>] ", Row("decrypt"), StringComparison.Ordinal);
        Assert.StartsWith("  encrypt [<file>] ", Row("encrypt"), StringComparison.Ordinal);
        Assert.StartsWith("  scan [<dir>] ", Row("scan"), StringComparison.Ordinal);
        Assert.StartsWith("  edit <file> ", Row("edit"), StringComparison.Ordinal);
        Assert.Equal(Row("merge").IndexOf("git merge driver", StringComparison.Ordinal), Row("decrypt").IndexOf("decrypt a SOPS file", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("publish", "secrets.yaml")]
    public async Task Publish_is_a_verb_that_fails_cleanly_on_a_missing_file_and_opens_no_editor(params string[] args)
    {
        using var dir = new TempDir();
        var run = await CliRunner.RunAsync(args, MarkingEditor(dir), cwd: dir.Path);
        Assert.NotEqual(0, run.ExitCode);
        Assert.StartsWith("secretskit: error: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("editor-ran")));
        Assert.False(File.Exists(dir.File(args[0])));
    }

    [Fact]
    public async Task Dir_prints_the_plugin_directory_like_helm_secrets()
    {
        using var dir = new TempDir();
        var run = await CliRunner.RunAsync(["dir"], new Dictionary<string, string?> { ["HELM_PLUGIN_DIR"] = "/plugins/secrets" }, cwd: dir.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/plugins/secrets\n", run.StdoutText);
        Assert.False(File.Exists(dir.File("dir")));
    }

    [Theory]
    [InlineData("--bogus", "decrypt", "decrypt", "--bogus", "f.yaml")]
    [InlineData("--bogus", "decrypt", "decrypt", "f.yaml", "--bogus")]
    [InlineData("-v", "decrypt", "decrypt", "-v")]
    [InlineData("--nope", "add", "groups", "add", "--nope", "--file", "f.yaml")]
    public async Task An_unknown_flag_is_one_line_on_stderr_naming_it_with_a_hint_and_exit_1(string flag, string command, params string[] args)
    {
        var run = await CliRunner.RunAsync(args);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.StdoutText);
        var lines = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal($"secretskit: error: unknown flag {flag} for '{command}'", lines[0]);
        Assert.StartsWith("secretskit: hint: ", lines[1], StringComparison.Ordinal);
        Assert.Contains(flag == "-v" ? "secretskit --version" : "--help", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sops_as_helm_secrets_calls_it_takes_the_last_of_a_repeated_option_and_logs_steps_with_verbose()
    {
        using var dir = new TempDir();
        var path = dir.Write("secrets.yaml", "password: hunter2\n");
        Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path])).ExitCode);

        // helm-secrets 4.7 with HELM_SECRETS_BACKEND_ARGS=--verbose and its own --output-type.
        var run = await CliRunner.RunAsync(["--verbose", "--output-type", "yaml", "--decrypt", "--input-type", "yaml", "--output-type", "yaml", path],
            AgeEnv, recordOutput: false);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("password: hunter2\n", run.StdoutText);
        Assert.Contains("Data key recovered successfully", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stderr, StringComparison.Ordinal);

        var last = await CliRunner.RunAsync(["decrypt", "--output-type", "yaml", "--output-type", "json", path], AgeEnv, recordOutput: false);
        Assert.True(last.ExitCode == 0, last.Stderr);
        Assert.Equal("{\n\t\"password\": \"hunter2\"\n}", last.StdoutText.TrimEnd('\n'));
    }

    [Fact]
    public async Task Verbose_encrypt_logs_each_key_the_data_key_was_encrypted_with()
    {
        using var dir = new TempDir();
        var path = dir.Write("secrets.yaml", "password: hunter2\n");
        var run = await CliRunner.RunAsync(["--verbose", "encrypt", "--age", TestKeys.AgeRecipient, path], recordOutput: false);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("[AGE]", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Encryption succeeded", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("recipient=" + TestKeys.AgeRecipient, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--disable-version-check", "decrypt")]
    [InlineData("decrypt", "--disable-version-check")]
    [InlineData("--check-for-updates", "decrypt")]
    [InlineData("--disable-version-check", "-d")]
    public async Task Sops_version_check_flags_are_accepted(params string[] args)
    {
        using var dir = new TempDir();
        var path = dir.Write("secrets.yaml", "password: hunter2\n");
        Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path])).ExitCode);
        var run = await CliRunner.RunAsync([.. args, path], AgeEnv, recordOutput: false);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("password: hunter2\n", run.StdoutText);
    }

    [Fact]
    public async Task Bash_completion_offers_only_the_candidates_starting_with_the_word_typed()
    {
        using var dir = new TempDir();
        var shim = EditSandbox.Editor(dir, $"exec dotnet '{Path.Combine(AppContext.BaseDirectory, "secretskit.dll")}' \"$@\"");
        File.Move(shim, dir.File("secretskit"));
        var script = await CliRunner.RunAsync(["completion", "bash"]);
        Assert.Equal(0, script.ExitCode);
        dir.Write("completion.bash", script.StdoutText);
        var probe = dir.Write("probe.sh", $$"""
            PATH='{{dir.Path}}':"$PATH"
            source '{{dir.File("completion.bash")}}'
            COMP_LINE='secretskit dec'; COMP_POINT=14; COMP_WORDS=(secretskit dec); COMP_CWORD=1
            _secretskit_complete
            printf '%s\n' "${COMPREPLY[@]}"
            COMP_LINE='secretskit decrypt --ig'; COMP_POINT=23; COMP_WORDS=(secretskit decrypt --ig); COMP_CWORD=2
            _secretskit_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """);
        var run = await ProcessRun.RunAsync("bash", [probe], new Dictionary<string, string?>(), null, dir.Path, TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["dec", "decrypt", "--ignore-mac"], run.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("zsh", "bashcompinit")]
    [InlineData("fish", "complete -c secretskit")]
    public async Task Completion_prints_a_script_for_zsh_and_fish(string shell, string expected)
    {
        var run = await CliRunner.RunAsync(["completion", shell]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.StdoutText, StringComparison.Ordinal);
        Assert.Contains("[suggest:", run.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wrapper_script_works_through_a_symlink_on_PATH_and_says_it_is_building()
    {
        using var dir = new TempDir();
        // A copy of the repository's wrapper in a fake checkout; a fake dotnet records what the wrapper asks of it.
        var repo = dir.File("checkout");
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        Directory.CreateDirectory(Path.Combine(repo, "artifacts", "cli"));
        File.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "secretskit"), Path.Combine(repo, "secretskit"));
        var bin = dir.File("bin");
        Directory.CreateDirectory(bin);
        var log = dir.File("dotnet.log");
        var dotnet = EditSandbox.Editor(dir, $"echo \"$* as=$SECRETSKIT_INVOKED_AS\" >> '{log}'");
        File.Move(dotnet, Path.Combine(bin, "dotnet"));
        File.CreateSymbolicLink(Path.Combine(bin, "secretskit"), Path.Combine(repo, "secretskit"));

        var run = await ProcessRun.RunAsync(Path.Combine(bin, "secretskit"), ["--version"],
            new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/bin:/bin" }, null, dir.Path, TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("building the CLI from source", run.Stderr, StringComparison.Ordinal);
        var calls = File.ReadAllLines(log);
        Assert.StartsWith($"build {repo}/src/SecretsKit.Cli/SecretsKit.Cli.csproj", calls[0], StringComparison.Ordinal);
        // `secretskit keyservice` runs the key service's executable from the same folder, so it is built beside the CLI
        Assert.StartsWith($"build {repo}/src/SecretsKit.KeyService/SecretsKit.KeyService.csproj", calls[1], StringComparison.Ordinal);
        Assert.Equal($"{repo}/artifacts/cli/secretskit.dll --version as=secretskit", calls[2]);

        // through a `sops` link, the CLI is told the name it was called by (for sops's own --version line)
        File.CreateSymbolicLink(Path.Combine(bin, "sops"), Path.Combine(bin, "secretskit"));
        var asSops = await ProcessRun.RunAsync(Path.Combine(bin, "sops"), ["--version"],
            new Dictionary<string, string?> { ["PATH"] = bin + ":/usr/bin:/bin" }, null, dir.Path, TimeSpan.FromSeconds(60));
        Assert.True(asSops.ExitCode == 0, asSops.Stderr);
        Assert.Equal($"{repo}/artifacts/cli/secretskit.dll --version as=sops", File.ReadAllLines(log)[^1]);
    }
}
