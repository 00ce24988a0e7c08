using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.UnitTest.Cluster;

/// <summary>
/// A read-only Kubernetes API on <c>127.0.0.1</c> (a free port) for one render's <c>lookup</c> calls: GET only, each
/// answered from a <see cref="ClusterCatalog"/>; with an <see cref="InstallState"/> (a real <c>helm install</c> /
/// <c>upgrade</c> render), also helm's release storage and the chart's creates, kept in that state alone; at most
/// <see cref="MaxRequests"/> requests and paths of at most <see cref="MaxPathLength"/> characters (then <c>429</c> / <c>414</c>); its kubeconfig is written into the private
/// directory given. Disposing stops it.
/// </summary>
internal sealed class LookupServer : IDisposable
{
    public const int MaxRequests = 2_000;
    public const int MaxPathLength = 2_048;

    /// <summary>Request body read (and dropped) before the answer, so that the connection closes cleanly.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Largest body of a write an <see cref="InstallState"/> takes (Kubernetes keeps a Secret under 1 MiB); then <c>413</c>.</summary>
    public const int MaxWriteBytes = 4 * 1024 * 1024;
    public const string Context = "secretskit-unittest";
    private const int Attempts = 5;

    private readonly HttpListener _listener;
    private readonly ClusterCatalog _catalog;
    private readonly InstallState? _install;
    private readonly Task _loop;
    private int _requests;

    private LookupServer(HttpListener listener, ClusterCatalog catalog, InstallState? install, string kubeconfig)
    {
        (_listener, _catalog, _install, Kubeconfig) = (listener, catalog, install, kubeconfig);
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The kubeconfig file pointing at this server (context <see cref="Context"/>).</summary>
    public string Kubeconfig { get; }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// Starts a server for <paramref name="catalog"/> (and <paramref name="install"/>'s writes, when given) and writes its
    /// kubeconfig (0600) into <paramref name="directory"/>.
    /// </summary>
    public static LookupServer Start(ClusterCatalog catalog, PrivateTempDirectory directory, InstallState? install = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            HttpListener? listener = new();
            try
            {
                listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
                listener.Start();
                var kubeconfig = directory.WriteFile("kubeconfig-" + port.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(Config(port)));
                var server = new LookupServer(listener, catalog, install, kubeconfig);
                listener = null;
                return server;
            }
            catch (HttpListenerException) when (attempt < Attempts)
            {
                // the port was taken between the probe and the bind: another one
            }
            finally
            {
                ((IDisposable?)listener)?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client went away; the next request is served
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var request = context.Request;
        var path = request.Url?.AbsolutePath ?? "/";
        var method = request.HttpMethod;
        var write = _install is not null && method is "POST" or "PUT";
        // one request per connection: the listener may close an idle kept-alive connection just as the client sends on it
        // (the client sees the response end before it began); a body not used is read (bounded) before the answer so
        // that closing the connection cannot reset the answer
        response.KeepAlive = false;
        var written = write && request.HasEntityBody ? await ReadAsync(request.InputStream) : null;
        if (!write && request.HasEntityBody) await DrainAsync(request.InputStream);
        var (status, body) = Interlocked.Increment(ref _requests) > MaxRequests ? (429, KubeJson.Bytes(w => KubeJson.NotFound(w, "", "")))
            : path.Length > MaxPathLength ? (414, KubeJson.Bytes(w => KubeJson.NotFound(w, "", "")))
            : write ? (written is null ? (413, KubeJson.Bytes(w => KubeJson.NotFound(w, "", ""))) : _install!.Write(method, path, written))
            : method != "GET" ? (405, KubeJson.Bytes(w => KubeJson.NotFound(w, "", "")))
            : _install is not null && InstallState.Reads(path, request.QueryString["labelSelector"] ?? "", request.UserAgent ?? "")
                ? _install.Get(path, request.QueryString["labelSelector"] ?? "")
            : _catalog.Get(path);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
    }

    /// <summary>Reads and drops the request body, at most <see cref="MaxBodyBytes"/> of it.</summary>
    private static async Task DrainAsync(Stream body)
    {
        var buffer = new byte[8192];
        var total = 0;
        int read;
        while (total <= MaxBodyBytes && (read = await body.ReadAsync(buffer)) > 0) total += read;
    }

    /// <summary>The request body, or null when it is longer than <see cref="MaxWriteBytes"/> (the rest is drained).</summary>
    private static async Task<byte[]?> ReadAsync(Stream body)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxWriteBytes)
            {
                await DrainAsync(body);
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Config(int port) => $"""
        apiVersion: v1
        kind: Config
        clusters:
          - name: {Context}
            cluster:
              server: http://127.0.0.1:{port}
        contexts:
          - name: {Context}
            context:
              cluster: {Context}
              user: {Context}
        current-context: {Context}
        users:
          - name: {Context}
            user: {"{}"}

        """;
}
