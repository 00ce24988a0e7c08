using System.Globalization;
using System.Net;
using System.Net.Security;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// Requests to a host that tenant input names, over <see cref="TenantHttp"/>: each answer read whole, its body held to
/// the budget as it streams, the whole exchange (connect, headers and body) within the timeout. A failure is one of
/// three types, which callers word: <see cref="HttpRequestException"/> (not reached; a refused address has a
/// <see cref="TenantHostRefusedException"/> inside), <see cref="TimeoutException"/> and <see cref="ResponseTooLargeException"/>.
/// Cheap to create: without its own <c>tls</c> or <c>credentials</c> it uses the policy's pooled connections.
/// </summary>
public sealed class TenantHostClient : IDisposable
{
    /// <summary>The longest timer there is (about 24 days); a longer timeout a spec asks for is this.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly HttpMessageInvoker _invoker;

    /// <param name="policy">The addresses refused (the caller's, from its vendor's docs).</param>
    /// <param name="timeout">For the whole exchange.</param>
    /// <param name="maxResponseBytes">The body budget.</param>
    /// <param name="tls">A store's own TLS settings, or null for the system's.</param>
    /// <param name="credentials">Credentials for the server's authentication challenge (NTLM), or null.</param>
    /// <param name="retry">Retries of transient failures (connection errors, 5xx, 429), or null for none.</param>
    public TenantHostClient(TenantHostPolicy policy, TimeSpan timeout, long maxResponseBytes, SslClientAuthenticationOptions? tls = null,
        ICredentials? credentials = null, CloudRetryOptions? retry = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout < MaxTimeout ? timeout : MaxTimeout;
        MaxResponseBytes = maxResponseBytes;
#pragma warning disable CA2000 // the handler chain is owned by _invoker, which Dispose disposes
        var handler = TenantHttp.CreateHandler(policy, maxResponseBytes, tls, credentials);
        _invoker = new HttpMessageInvoker(retry is null ? handler : new ResilientHttpHandler(retry, handler), disposeHandler: true);
#pragma warning restore CA2000
    }

    public TimeSpan Timeout { get; }

    public long MaxResponseBytes { get; }

    /// <summary>The timeout as messages say it (<c>10s</c>).</summary>
    public string TimeoutText => string.Create(CultureInfo.InvariantCulture, $"{Timeout.TotalSeconds:0.###}s");

    /// <summary>The answer, whatever its status; see the class for the failures.</summary>
    public async Task<TenantReply> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            using var response = await _invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            return new TenantReply(response.StatusCode, response.ReasonPhrase, body);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException
                                  && e is not TenantHostRefusedException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the request timed out after {TimeoutText}", e);
        }
    }

    public void Dispose() => _invoker.Dispose();
}
