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
        byte[]? stdin = null, string? cwd = null, TimeSpan? timeout = null, bool recordOutput = true, bool measurePeakMemory = false)
    {
        var argList = args.ToList();
        var environment = Environment(env);
        var result = await ProcessRun.RunAsync("dotnet", new[] { Dll }.Concat(argList), environment, stdin, cwd, timeout ?? TimeSpan.FromSeconds(90),
            measurePeakMemory: measurePeakMemory);
        if (recordOutput)
        {
            Transcript.Enqueue((string.Join(' ', argList), result.StdoutText + "\n" + result.Stderr));
        }
        TranscriptLog.Append(argList, result.StdoutText, result.Stderr);
        return result;
    }

    /// <summary>The environment every CLI run of the tests gets: isolated from the developer's keys and editor, plus <paramref name="env"/>.</summary>
    public static Dictionary<string, string?> Environment(IDictionary<string, string?>? env)
    {
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
            ["SECRETSKIT_INVOKED_AS"] = null,
        };
        if (env is not null)
        {
            foreach (var (k, v) in env) environment[k] = v;
        }
        return environment;
    }

    /// <summary>For a test that reads the CLI's output while it runs: how to start it, as <see cref="RunAsync"/> would.</summary>
    public static System.Diagnostics.ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string?>? env, string cwd)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = cwd,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Environment(env))
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        return psi;
    }

    /// <summary>For tests that start the CLI themselves (signal tests): adds their output to the suite transcript.</summary>
    public static void Record(IReadOnlyList<string> args, string stdout, string stderr) => TranscriptLog.Append(args, stdout, stderr);

    private static readonly Lazy<string> Home = new(() => Directory.CreateTempSubdirectory("sk-home-").FullName);

    public static string IsolatedHome => Home.Value;
}
