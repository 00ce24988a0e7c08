using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Git;

/// <summary>
/// A temp git repository whose PATH has a <c>secretskit</c> wrapper around the built CLI, so git hooks and merge
/// drivers run the real executable. HOME is isolated; the age test identity decrypts.
/// </summary>
internal sealed class GitSandbox : IDisposable
{
    private readonly TempDir _root = new("sk-git-");

    public GitSandbox()
    {
        Repo = Path.Combine(_root.Path, "repo");
        Directory.CreateDirectory(Repo);
        var bin = Path.Combine(_root.Path, "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "secretskit");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "secretskit.dll")}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = CliRunner.IsolatedHome,
            ["XDG_CONFIG_HOME"] = null,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.invalid",
            ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.invalid",
            ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile,
            ["SOPS_AGE_KEY"] = null, ["SOPS_CONFIG"] = null, ["EDITOR"] = null, ["SOPS_EDITOR"] = null,
            ["CI"] = "true", ["DOTNET_NOLOGO"] = "1",
        };
    }

    public string Repo { get; }

    public Dictionary<string, string?> Env { get; }

    public string PathOf(string relative) => Path.Combine(Repo, relative);

    /// <summary>Installs examples/pre-commit/pre-commit as this repository's pre-commit hook.</summary>
    public void InstallExamplePreCommitHook()
    {
        var hook = PathOf(".git/hooks/pre-commit");
        File.Copy(Example("pre-commit/pre-commit"), hook);
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Write(string relative, string content)
    {
        var p = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content);
        return p;
    }

    public async Task<ProcessRun.Result> GitAsync(params string[] args) =>
        await ProcessRun.RunAsync("git", args, Env, cwd: Repo, timeout: TimeSpan.FromSeconds(180));

    public async Task GitOkAsync(params string[] args)
    {
        var r = await GitAsync(args);
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.StdoutText}\n{r.Stderr}");
    }

    public async Task<ProcessRun.Result> CliAsync(params string[] args) => await CliRunner.RunAsync(args, Env, cwd: Repo);

    public async Task InitAsync()
    {
        await GitOkAsync("init", "-q", "-b", "main");
        await GitOkAsync("config", "commit.gpgsign", "false");
    }

    /// <summary>A file from <c>examples/</c> of the repository under test.</summary>
    public static string Example(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"examples/{relative} not found above {AppContext.BaseDirectory}");
    }

    public void Dispose() => _root.Dispose();
}
