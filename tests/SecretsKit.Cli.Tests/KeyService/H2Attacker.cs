using System.Diagnostics;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// <c>h2_attacker.py</c> (next to this file): a raw HTTP/2 client written from RFC 9113 with Python's hpack (Debian's
/// python3-h2, installed by scripts/setup.sh; run with the system python3), attacking a key service on loopback or a unix
/// socket in one of its bounded modes. Returns the JSON report it prints last.
/// </summary>
internal static class H2Attacker
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "KeyService", "h2_attacker.py");

    public static async Task<JsonObject> RunAsync(string mode, string target, params string[] options)
    {
        var run = await ProcessRun.RunAsync("/usr/bin/python3", [Script, mode, target, .. options], timeout: TimeSpan.FromSeconds(120));
        Assert.True(run.ExitCode == 0, $"h2_attacker {mode} failed: {run.Stderr}");
        return JsonNode.Parse(run.StdoutText.TrimEnd().Split('\n')[^1])!.AsObject();
    }

    /// <summary>Starts a mode that reports a first line when it is holding (no-read); the process is returned running.</summary>
    public static async Task<Process> StartHoldingAsync(string mode, string target, params string[] options)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Script, mode, target }.Concat(options)) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line?.Contains("\"holding\": true", StringComparison.Ordinal) != true)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"h2_attacker {mode} did not start holding: {line} {await process.StandardError.ReadToEndAsync()}");
        }
        return process;
    }
}
