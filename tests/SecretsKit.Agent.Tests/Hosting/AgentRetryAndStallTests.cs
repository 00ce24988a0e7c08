using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// The host loop a pod runs after an in-cluster start (where start-up does not probe the server but keeps retrying):
/// an API server that is not there yet, and a worker that hangs, seen through /readyz and /healthz over HTTP.
/// </summary>
public sealed class AgentRetryAndStallTests
{
    [Fact]
    public async Task An_api_server_unreachable_at_start_is_retried_with_backoff_readyz_says_why_and_turns_ready_when_it_appears()
    {
        var port = FreePort();
        using var kube = new KubernetesClient(new KubernetesClientConfiguration { Server = new Uri($"http://127.0.0.1:{port}") });
        using var log = new StringWriter();
        var lines = TextWriter.Synchronized(log);
        using var host = new AgentHost(kube, new AgentOptions { PassInterval = TimeSpan.FromMilliseconds(100) }, new ProviderOptions(), "agent-a", "default", new AgentLog(lines));
        await using var web = HealthEndpoints.Build(host, 0, host.RunAsync);
        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port(web)}") };

        await Poll.UntilAsync(() => Attempts(lines, log).Count >= 5, "five failed attempts");
        var notReady = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("the Kubernetes API server is unreachable\n", await notReady.Content.ReadAsStringAsync());
        var times = Attempts(lines, log);
        // PassInterval 100 ms doubling: attempts 3 and 5 are 400 + 800 ms apart (200 ms without backoff). The first gap
        // is left out: it also holds the first connection's set-up, which a loaded machine stretches past a second.
        Assert.True(times[4] - times[2] > TimeSpan.FromMilliseconds(700), $"no backoff between attempts: {string.Join(", ", times.Select(t => t.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");

        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        await using var forwarder = Forwarder.Start(port, server.BaseAddress);

        await Poll.UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "ready once the server answers");
        Assert.Equal("ok: leading\n", await http.GetStringAsync("/readyz"));
        await web.StopAsync();
    }

    [Fact]
    public async Task A_reconcile_that_hangs_fails_healthz_while_the_election_loop_still_runs()
    {
        await using var c = await StartAsync(Watching());
        using var blackHole = new BlackHole();
        c.Secret("default", "vault-token", new Dictionary<string, string> { ["token"] = "t" });
        c.Store("default", "vault", new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = $"http://127.0.0.1:{blackHole.Port}", ["path"] = "secret", ["version"] = "v2",
                ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } },
            },
        });
        c.ExternalSecret("default", "es", Spec("vault", data: [("k", "app", "k")]));
        using var host = new AgentHost(c.Client, Watching(), new ProviderOptions(), "agent-a", "default", new AgentLog(TextWriter.Null), c.Time)
        {
            ShutdownTimeout = TimeSpan.FromSeconds(1),
        };
        await using var web = HealthEndpoints.Build(host, 0);
        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port(web)}") };
        Assert.True(await host.TickAsync(CancellationToken.None));
        await Poll.UntilAsync(() => blackHole.Accepted > 0, "a reconcile is waiting on the store's server");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        c.Time.Advance(TimeSpan.FromMinutes(6)); // past --stall-timeout (5m) on the agent's clock
        Assert.True(await host.TickAsync(CancellationToken.None)); // the election loop is fine: only the worker is wedged
        var wedged = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, wedged.StatusCode);
        Assert.StartsWith("a reconcile has been running for 3", await wedged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await host.StopAsync();
        await web.StopAsync();
    }

    /// <summary>The times of the logged failed election attempts.</summary>
    private static List<DateTime> Attempts(TextWriter synchronized, StringWriter log)
    {
        string text;
        lock (synchronized) text = log.ToString(); // the synchronized writer locks on itself
        return [.. text.Split('\n').Where(l => l.Contains("\"leader election failed\"", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l)!["ts"]!.GetValue<DateTime>())];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Port(Microsoft.AspNetCore.Builder.WebApplication web) =>
        new Uri(web.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;

    /// <summary>A TCP port that accepts connections and never answers (a store's server that hangs).</summary>
    private sealed class BlackHole : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private int _accepted;

        public BlackHole()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Accepted => Volatile.Read(ref _accepted);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_held) _held.Add(client);
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }

        public void Dispose()
        {
            _listener.Dispose();
            lock (_held) _held.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Forwards TCP connections from a port to the fake API server: the server "appears" at an address the agent already uses.</summary>
    private sealed class Forwarder : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Uri _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private Forwarder(int port, Uri target)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _target = target;
            _listener.Start();
            _loop = AcceptAsync();
        }

        public static Forwarder Start(int port, Uri target) => new(port, target);

        private async Task AcceptAsync()
        {
            try
            {
                while (true) _ = PipeAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }

        private async Task PipeAsync(TcpClient client)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                    var a = client.GetStream();
                    var b = upstream.GetStream();
                    await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    // one side closed
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await _loop;
            _stop.Dispose();
        }
    }
}
