using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Loopback;

/// <summary>
/// A Kestrel server on 127.0.0.1 with an OS-chosen port (HTTP, or HTTPS with a given certificate) that hands every
/// request to one handler. Fakes derive from it and route by hand, so each speaks exactly its wire protocol.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private Http.LoopbackHost? _host;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1");

    /// <summary>Faults to apply to the next matching requests (first in, first applied).</summary>
    public FaultPlan Faults { get; } = new();

    protected async Task StartCoreAsync(X509Certificate2? certificate = null)
    {
        _host = await Http.LoopbackHost.StartAsync(GetType().Name, HandleAsync, certificate).ConfigureAwait(false);
        BaseUri = _host.Address;
    }

    /// <summary>Serves one request.</summary>
    protected abstract Task HandleAsync(HttpContext context);

    /// <summary>Applies the next queued fault, if any: waits its latency, and writes its error when it has a status.</summary>
    protected async Task<bool> TryApplyFaultAsync(HttpContext context, Func<HttpContext, Fault, Task> writeError)
    {
        if (!Faults.TryTake(out var fault))
        {
            return false;
        }
        if (fault.Latency > TimeSpan.Zero)
        {
            await Task.Delay(fault.Latency, context.RequestAborted).ConfigureAwait(false);
        }
        if (fault.Status == 0)
        {
            return false;
        }
        context.Response.StatusCode = fault.Status;
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await writeError(context, fault).ConfigureAwait(false);
        return true;
    }

    /// <summary>Frees what a fake owns beyond the web host (certificates, keys); called once the server has stopped.</summary>
    protected virtual void ReleaseResources()
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
        ReleaseResources();
        GC.SuppressFinalize(this);
    }
}
