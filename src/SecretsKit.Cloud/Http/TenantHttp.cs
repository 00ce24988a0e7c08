using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// The one transport for a host that tenant input names (a store's server, a webhook url, a generator's API url, a
/// GCP token URL): no redirect is ever followed (a 3xx is the answer), no proxy (a proxy would open the connection the
/// policy must see), every address checked by the caller's <see cref="TenantHostPolicy"/> when the connection opens, a
/// connect timeout, no cookies (a pooled connection is shared across tenants), and every response body held to the
/// caller's budget as it streams (<see cref="BoundedResponseHandler"/>): never buffered past it, the connection closed
/// rather than drained. Connections are pooled in one handler per policy; a caller with its own TLS settings (a
/// store's CA bundle or client certificate) or credentials (NTLM) gets a handler of its own, which lives as long as the
/// handler returned. <see cref="TenantHostClient"/> is the call form; SDK-shaped clients (Vault, Kubernetes, Azure)
/// take <see cref="CreateHandler"/>.
/// </summary>
public static class TenantHttp
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<TenantHostPolicy, Lazy<SocketsHttpHandler>> Pooled = new();

    /// <summary>
    /// A handler for requests to tenant-named hosts under <paramref name="policy"/>, bodies held to
    /// <paramref name="maxResponseBytes"/>. <paramref name="tls"/> replaces the default TLS settings (a store's roots,
    /// client certificate or server name); <paramref name="credentials"/> answers the server's authentication challenge.
    /// </summary>
    public static HttpMessageHandler CreateHandler(TenantHostPolicy policy, long maxResponseBytes, SslClientAuthenticationOptions? tls = null,
        ICredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResponseBytes);
#pragma warning disable CA2000 // the transport is owned by the returned handler (the pooled one is never disposed)
        HttpMessageHandler transport = tls is null && credentials is null
            ? new SharedHandler(Pooled.GetOrAdd(policy, static p => new Lazy<SocketsHttpHandler>(() => Sockets(p, null, null))).Value)
            : Sockets(policy, tls, credentials);
#pragma warning restore CA2000
        return new BoundedResponseHandler(maxResponseBytes, transport);
    }

    private static SocketsHttpHandler Sockets(TenantHostPolicy policy, SslClientAuthenticationOptions? tls, ICredentials? credentials)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = policy.ConnectAsync,
            ConnectTimeout = ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseDrainSize = 0,
            Credentials = credentials,
        };
        if (tls is not null) handler.SslOptions = tls;
        return handler;
    }
}
