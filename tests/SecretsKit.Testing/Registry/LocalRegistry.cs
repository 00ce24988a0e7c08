using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SecretsKit.Testing.Registry;

/// <summary>
/// A real OCI registry: Debian's <c>docker-registry</c> (the CNCF distribution registry, installed by scripts/setup.sh)
/// serving plain HTTP on 127.0.0.1 at a free port, its storage in a temp dir. Started and ready (its <c>/v2/</c> answers
/// 200) when <see cref="StartAsync"/> returns; stopped and its storage removed on dispose.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    /// <summary>Where Debian's docker-registry package puts the binary.</summary>
    public const string Binary = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly string _directory;

    private LocalRegistry(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Host = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of an image or chart reference.</summary>
    public string Host { get; }

    /// <summary>Everything the registry wrote to stdout and stderr so far (for assertion messages).</summary>
    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    private string LogPath => Path.Combine(_directory, "registry.log");

    public static async Task<LocalRegistry> StartAsync(TimeSpan? timeout = null)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} not found: run scripts/setup.sh (apt-get install docker-registry)");
        var directory = Directory.CreateTempSubdirectory("sk-registry-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}
            """);
        // stdout and stderr go to a file (a shell redirect), so a chatty registry never blocks on a full pipe
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "exec \"$0\" serve \"$1\" > \"$2\" 2>&1", Binary, config, Path.Combine(directory, "registry.log") })
        {
            psi.ArgumentList.Add(a);
        }
        var registry = new LocalRegistry(Process.Start(psi)!, directory, port);
        try
        {
            await registry.WaitReadyAsync(timeout ?? TimeSpan.FromSeconds(60));
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}: {Log}");
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Host}/v2/"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (deadline.Elapsed > timeout) throw new TimeoutException($"docker-registry on {Host} did not answer /v2/ within {timeout}: {Log}");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
