using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// The real agent process (its build output run with <c>dotnet</c>, same pid as the agent) against a fake API server
/// through a kubeconfig, with its own HOME, a free metrics port, its log lines collected and signals sent with <c>kill</c>.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task _pumps;

    private AgentProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        _pumps = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Starts the agent with <paramref name="args"/> (after a free <c>--metrics-port</c>), env applied over a clean HOME.</summary>
    public static AgentProcess Start(string home, Dictionary<string, string?> env, params string[] args)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "secretskit-agent.dll"));
        psi.ArgumentList.Add("--metrics-port"); // first, so a --metrics-port in args wins
        psi.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = home;
        foreach (var name in (string[])["KUBECONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "POD_NAME", "POD_NAMESPACE"]) psi.Environment.Remove(name);
        foreach (var (k, v) in env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var process = Process.Start(psi)!;
        process.StandardInput.Close();
        return new AgentProcess(process, port);
    }

    /// <summary>Runs the agent to its exit (at most a minute) and returns its exit code and output.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string home, Dictionary<string, string?> env, params string[] args)
    {
        await using var agent = Start(home, env, args);
        var code = await agent.ExitCodeAsync(TimeSpan.FromMinutes(1));
        return (code, agent.Stdout, agent.Stderr);
    }

    /// <summary>A store with the fake provider and one ExternalSecret reading key <c>k</c> from it, in <c>default</c>.</summary>
    public static async Task<FakeKubeApiServer> StartServerWithExternalSecretAsync()
    {
        var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        AddFakeStore(server, ("k", "v"));
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "es", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("fake", data: [("k", "k", null)]),
        });
        return server;
    }

    /// <summary>Creates SecretStore <c>default/fake</c> of the fake provider holding <paramref name="data"/>.</summary>
    public static void AddFakeStore(FakeKubeApiServer server, params (string Key, string Value)[] data) =>
        server.Create(FakeResourceType.SecretStore, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "SecretStore",
            ["metadata"] = new JsonObject { ["name"] = "fake", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["provider"] = AgentCluster.FakeProvider(data) },
        });

    /// <summary>The leader Lease's holderIdentity (null when absent or empty).</summary>
    public static string? LeaseHolder(FakeKubeApiServer server) =>
        server.TryGet(FakeResourceType.Lease, "default", "secretskit-agent-leader")?["spec"]?["holderIdentity"]?.GetValue<string>() is { Length: > 0 } h ? h : null;

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        try
        {
            using var response = await Http.GetAsync(path);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (0, "");
        }
        catch (TaskCanceledException)
        {
            return (0, "");
        }
    }

    /// <summary>
    /// Waits for <paramref name="condition"/> (at most <paramref name="limit"/>, default 90 s); a timeout names what the
    /// agent logged, and an early exit fails at once.
    /// </summary>
    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        try
        {
            await Poll.UntilAsync(() => condition() || HasExited, what, limit ?? TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Stdout}\n{Stderr}", e);
        }
        Assert.False(HasExited, $"the agent exited while waiting for {what}\n{Stdout}\n{Stderr}");
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/> with a body containing <paramref name="body"/>.</summary>
    public async Task UntilProbeAsync(string path, int status, string body = "")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var (code, text) = await GetAsync(path);
            if (code == status && text.Contains(body, StringComparison.Ordinal)) return;
            if (_process.HasExited) throw new InvalidOperationException($"the agent exited ({_process.ExitCode}) while waiting for {path} {status}: {Stderr}\n{Stdout}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} never answered {status} '{body}' (last {code} '{text}')\n{Stdout}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (HUP, INT, QUIT, KILL, TERM, CONT, STOP) with kill(2) from this process: the signal
    /// is delivered when this returns, with no <c>kill</c> process to start first (which, in a test host busy with other
    /// tests, took a noticeable and varying part of a shutdown bound).
    /// </summary>
    public Task SignalAsync(string signal)
    {
        Assert.Equal(0, Kill(_process.Id, Signals[signal]));
        return Task.CompletedTask;
    }

    private static readonly Dictionary<string, int> Signals = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["KILL"] = 9, ["TERM"] = 15, ["CONT"] = 18, ["STOP"] = 19,
    };

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    /// <summary>
    /// When the process exited, as the runtime recorded it on reaping the child (its own thread, not the thread pool); a
    /// bound measured to here is the agent's, not also this test host's delay in running the continuation that sees it.
    /// </summary>
    public DateTime ExitTime => _process.ExitTime;

    /// <summary>Waits for the process to exit (at most <paramref name="limit"/>, else fails) and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the agent did not exit within {limit.TotalSeconds}s\n{Stdout}\n{Stderr}");
        }
        await _pumps;
        return _process.ExitCode;
    }

    /// <summary>Writes a kubeconfig for <paramref name="server"/> into <paramref name="dir"/>.</summary>
    public static string Kubeconfig(FakeKubeApiServer server, string dir, string name = "kubeconfig") =>
        server.WriteKubeconfig(Path.Combine(dir, name), null);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Pump(StreamReader reader, ConcurrentQueue<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line) lines.Enqueue(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        Http.Dispose();
        _process.Dispose();
    }
}
