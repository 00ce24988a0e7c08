using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>Runs the real <c>secretskit</c> executable (built next to the tests) as a child process.</summary>
internal static class CliRunner
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "secretskit.dll");

    /// <summary>
    /// This process's stdout/stderr in memory (<c>recordOutput: false</c> leaves a call out). Independently of it, every
    /// call goes to the suite transcript (<see cref="TranscriptLog"/>) that scripts/check-transcripts.sh greps.
    /// </summary>
    public static readonly System.Collections.Concurrent.ConcurrentQueue<(string Args, string Output)> Transcript = new();

    public static async Task<ProcessRun.Result> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null,
        byte[]? stdin = null, string? cwd = null, TimeSpan? timeout = null, bool recordOutput = true)
    {
        var argList = args.ToList();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Isolate from the developer's own keys: no ~/.config/sops, no ~/.ssh, no SOPS_* from the outside.
            ["HOME"] = IsolatedHome,
            ["XDG_CONFIG_HOME"] = null,
            ["SOPS_AGE_KEY"] = null,
            ["SOPS_AGE_KEY_FILE"] = null,
            ["SOPS_AGE_KEY_CMD"] = null,
            ["SOPS_AGE_RECIPIENTS"] = null,
            ["SOPS_PGP_FP"] = null,
            ["SOPS_CONFIG"] = null,
            ["EDITOR"] = null,
            ["SOPS_EDITOR"] = null,
            ["DOTNET_NOLOGO"] = "1",
        };
        if (env is not null)
        {
            foreach (var (k, v) in env) environment[k] = v;
        }
        var result = await ProcessRun.RunAsync("dotnet", new[] { Dll }.Concat(argList), environment, stdin, cwd, timeout ?? TimeSpan.FromSeconds(90));
        if (recordOutput)
        {
            Transcript.Enqueue((string.Join(' ', argList), result.StdoutText + "\n" + result.Stderr));
        }
        TranscriptLog.Append(argList, result.StdoutText, result.Stderr);
        return result;
    }

    /// <summary>For tests that start the CLI themselves (signal tests): adds their output to the suite transcript.</summary>
    public static void Record(IReadOnlyList<string> args, string stdout, string stderr) => TranscriptLog.Append(args, stdout, stderr);

    private static readonly Lazy<string> Home = new(() => Directory.CreateTempSubdirectory("sk-home-").FullName);

    public static string IsolatedHome => Home.Value;
}
