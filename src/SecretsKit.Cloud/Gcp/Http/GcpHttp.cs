using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Gcp.Http;

/// <summary>The HTTP client of Google's REST calls (Secret Manager, Pub/Sub, token exchanges): the shared retry/timeout handler.</summary>
internal static class GcpHttp
{
#pragma warning disable CA2000 // the handler chain is owned by the returned HttpClient
    public static HttpClient Create(CloudRetryOptions retry) =>
        new(new ResilientHttpHandler(retry, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
}
