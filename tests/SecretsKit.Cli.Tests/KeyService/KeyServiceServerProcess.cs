using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// A real <c>secretskit keyservice</c> child process (tcp on a free loopback port, or a unix socket), started with its own
/// environment (the keys and credentials only the server holds); <see cref="Uri"/> is what a client passes to
/// <c>--keyservice</c>. Disposing sends SIGTERM and waits for the exit.
/// </summary>
internal sealed partial class KeyServiceServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KeyServiceServerProcess(Process process) => _process = process;

    public string Uri { get; private set; } = "";

    /// <summary>The grpc-js target for the same service (<c>127.0.0.1:port</c> or <c>unix:///path</c>).</summary>
    public string GrpcTarget => Uri.StartsWith("tcp://", StringComparison.Ordinal) ? Uri["tcp://".Length..] : Uri;

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public Process Process => _process;

    public static Task<KeyServiceServerProcess> StartAsync(IDictionary<string, string?> env, string? socket = null, params string[] extra) =>
        StartAsync(env, socket, descriptorLimit: null, extra);

    /// <summary>
    /// As above; with <paramref name="descriptorLimit"/> the process runs under that open-file limit, soft and hard (the shell's
    /// <c>ulimit -n</c>, then exec: the process id stays the server's).
    /// </summary>
    public static async Task<KeyServiceServerProcess> StartAsync(IDictionary<string, string?> env, string? socket, int? descriptorLimit, params string[] extra)
    {
        var psi = new ProcessStartInfo(descriptorLimit is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (descriptorLimit is { } limit)
        {
            foreach (var a in new[] { "-c", $"ulimit -n {limit} && exec \"$0\" \"$@\"", "dotnet" }) psi.ArgumentList.Add(a);
        }
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "secretskit.dll"));
        foreach (var a in socket is null ? ["keyservice", "--address", "127.0.0.1:0"] : new[] { "keyservice", "--network", "unix", "--address", socket })
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var a in extra) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = CliRunner.IsolatedHome;
        foreach (var k in new[] { "SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY_CMD", "XDG_CONFIG_HOME", "SOPS_KEYSERVICE" }) psi.Environment.Remove(k);
        foreach (var (k, v) in env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var server = new KeyServiceServerProcess(Process.Start(psi)!);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using (timeout.Token.Register(() => server._listening.TrySetException(new TimeoutException("keyservice did not start: " + server.Stderr))))
        {
            server.Uri = await server._listening.Task;
        }
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _listening.TrySetException(new InvalidOperationException("keyservice exited: " + Stderr));
            return;
        }
        lock (_stderr) _stderr.AppendLine(line);
        if (Listening().Match(line) is { Success: true } m) _listening.TrySetResult(m.Groups[1].Value);
    }

    /// <summary>The most memory the process has held so far (VmHWM, its peak resident set).</summary>
    public long PeakResidentBytes =>
        long.Parse(File.ReadAllLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessRun.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        CliRunner.Record(["keyservice"], "", Stderr);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await StopAsync();
        }
        finally
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"Listening on (\S+)")]
    private static partial Regex Listening();
}
