using System.Net.Http;
using System.Net.Sockets;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SecretsKit.Cloud.Azure.Http;

/// <summary>
/// Azure.Core's exponential retry policy, except that a host name that does not resolve, or an address the agent refuses
/// to connect to (<see cref="Cloud.Http.TenantHostRefusedException"/>), is not tried again: the SDK's classifier retries
/// every transport failure, so a mistyped vault name cost five attempts and about 12 s before its one line. Everything
/// else (5xx, 429 with Retry-After, timeouts, refused connections) is retried as before.
/// </summary>
internal sealed class NoRetryOnUnresolvedName(int maxRetries, TimeSpan delay, TimeSpan maxDelay)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(delay, maxDelay))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !IsUnresolvedName(exception) && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        IsUnresolvedName(exception) ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);

    /// <summary>Whether <paramref name="exception"/> or one it wraps says a host name did not resolve, or was refused.</summary>
    public static bool IsUnresolvedName(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } or Cloud.Http.TenantHostRefusedException) return true;
            if (e is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData }) return true;
        }
        return false;
    }
}
