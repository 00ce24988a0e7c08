using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Http;

/// <summary>
/// The base of every wire-level fake: a Kestrel server on 127.0.0.1 (random port, optional TLS), per-operation call
/// counters, every request recorded, and one fault-injection API (<see cref="InjectFault"/>). Subclasses name
/// operations, answer them, and apply injected faults where their real server would fail a request
/// (<see cref="TryApplyFaultAsync"/>: after authentication for the cloud APIs, before anything else for the others).
/// </summary>
public abstract class FakeHttpServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FakeRequest, bool> _answered = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string? Operation, FakeFault Fault)> _faults = [];
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private LoopbackHost? _host;

    /// <summary>The server's base address, <c>http(s)://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>How many requests reached <paramref name="operation"/> (faulted ones included).</summary>
    public int CallCount(string operation) => _counts.TryGetValue(operation, out var n) ? n : 0;

    /// <summary>
    /// Whether <paramref name="request"/> (one of <see cref="Requests"/>) has been answered: its handler returned, so the
    /// response (read from the fake's state at that moment) is written, whether or not the client has read it yet.
    /// </summary>
    public bool IsAnswered(FakeRequest request) => _answered.ContainsKey(request);

    /// <summary>All requests received.</summary>
    public int TotalCalls => _counts.Values.Sum();

    /// <summary>Every request received, in order (method, path, operation, headers).</summary>
    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    public void ResetCounts()
    {
        _counts.Clear();
        _answered.Clear();
        _requests.Clear();
    }

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="operation"/> (any, when null) fail with <paramref name="fault"/>.</summary>
    public void InjectFault(FakeFault fault, string? operation = null, int times = 1)
    {
        lock (_faults)
        {
            for (var i = 0; i < times; i++) _faults.Add((operation, fault));
        }
    }

    /// <summary>Drops the injected faults not taken yet.</summary>
    public void ClearFaults()
    {
        lock (_faults) _faults.Clear();
    }

    protected async Task StartServerAsync(X509Certificate2? tlsCertificate = null, bool acceptClientCertificates = false)
    {
        _host = await LoopbackHost.StartAsync(GetType().Name, DispatchAsync, tlsCertificate, acceptClientCertificates);
        BaseAddress = _host.Address;
    }

    /// <summary>The operation name a request counts under (<c>GetSecretValue</c>, <c>transit-encrypt</c>…); by default method and path.</summary>
    protected virtual string OperationOf(HttpContext context) => $"{context.Request.Method} {context.Request.Path}";

    protected abstract Task HandleAsync(HttpContext context, string operation);

    /// <summary>Writes <paramref name="fault"/> in the provider's error shape.</summary>
    protected abstract Task WriteFaultAsync(HttpContext context, FakeFault fault);

    private async Task DispatchAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        var operation = OperationOf(context);
        _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
        var request = new FakeRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, operation,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await ReadBodyAsync(context));
        _requests.Enqueue(request);
        context.Request.Body.Position = 0;
        await HandleAsync(context, operation);
        _answered[request] = true;
    }

    /// <summary>
    /// Applies the next fault injected for <paramref name="operation"/>, if any: waits a latency or held fault out (then the
    /// request is answered normally, false), or answers with the fault (<see cref="WriteFaultAsync"/>, with
    /// <c>Retry-After</c> when set) and returns true.
    /// </summary>
    protected async Task<bool> TryApplyFaultAsync(HttpContext context, string operation)
    {
        var fault = TakeFault(operation);
        if (fault is null) return false;
        if (fault.Kind == FakeFaultKind.Latency)
        {
            await Task.Delay(fault.Delay, context.RequestAborted);
            return false;
        }
        if (fault.Kind == FakeFaultKind.Held)
        {
            await fault.Release!.WaitAsync(context.RequestAborted);
            return false;
        }
        if (fault.RetryAfter is { } wait) context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WriteFaultAsync(context, fault);
        return true;
    }

    private FakeFault? TakeFault(string operation)
    {
        lock (_faults)
        {
            var index = _faults.FindIndex(f => f.Operation is null || f.Operation == operation);
            if (index < 0) return null;
            var fault = _faults[index].Fault;
            _faults.RemoveAt(index);
            return fault;
        }
    }

    protected static async Task WriteJsonAsync(HttpContext context, int status, string json, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(json);
    }

    protected static async Task<string> ReadBodyAsync(HttpContext context)
    {
        context.Request.Body.Position = 0;
        using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Frees what a fake owns beyond the web host (certificates, keys); called once the server has stopped.</summary>
    protected virtual void ReleaseResources()
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        ReleaseResources();
        GC.SuppressFinalize(this);
    }
}
