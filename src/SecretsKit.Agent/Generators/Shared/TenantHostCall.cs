using System.Net.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Generators.Shared;

/// <summary>
/// One request of a generator to a host its spec names (tenant input): no redirects, no proxy, link-local addresses
/// refused (<see cref="LinkLocalGuard"/>), a timeout, and an answer read up to 1 MiB. Every failure is the
/// generator's one-line error.
/// </summary>
internal static class TenantHostCall
{
    private const int MaxResponseBytes = 1 << 20;
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>
    /// The answer's JSON when its status is <paramref name="expectedStatus"/>; another status is <paramref name="statusError"/>'s
    /// message. Every failure message starts with <paramref name="context"/> (e.g. ESO's <c>unable to exchange OIDC token: </c>).
    /// </summary>
    public static Task<JsonNode?> JsonAsync(GeneratorCall call, HttpRequestMessage request, TimeSpan timeout,
        Func<HttpResponseMessage, string> statusError, CancellationToken ct, int expectedStatus = 200, string context = "") =>
        SendCoreAsync(call, request, timeout, null, context, async response =>
        {
            if ((int)response.StatusCode != expectedStatus) throw call.Fail(context + statusError(response));
            var bytes = await ReadAsync(call, response, context, ct);
            try
            {
                return JsonNode.Parse(bytes, documentOptions: Options);
            }
            catch (JsonException)
            {
                throw call.Fail(context + "the response is not JSON");
            }
        }, ct);

    /// <summary>
    /// The answer's status and body, whatever the status (the caller words the errors, which may quote the body).
    /// <paramref name="tls"/>, when given, replaces the default TLS validation (a spec's own CA bundle).
    /// </summary>
    public static Task<(int Status, byte[] Body)> SendAsync(GeneratorCall call, HttpRequestMessage request, TimeSpan timeout,
        CancellationToken ct, string context = "", SslClientAuthenticationOptions? tls = null) =>
        SendCoreAsync(call, request, timeout, tls, context, async response => ((int)response.StatusCode, await ReadAsync(call, response, context, ct)), ct);

    /// <summary><paramref name="body"/> as JSON, or null when it is not JSON.</summary>
    public static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task<byte[]> ReadAsync(GeneratorCall call, HttpResponseMessage response, string context, CancellationToken ct) =>
        BoundedBody.ReadAsync(response, MaxResponseBytes, () => call.Fail(context + "the response is larger than 1 MiB"), ct);

    private static async Task<T> SendCoreAsync<T>(GeneratorCall call, HttpRequestMessage request, TimeSpan timeout, SslClientAuthenticationOptions? tls,
        string context, Func<HttpResponseMessage, Task<T>> read, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, ConnectCallback = LinkLocalGuard.ConnectAsync };
        if (tls is not null) handler.SslOptions = tls;
        using var http = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return await read(response);
        }
        catch (HttpRequestException e)
        {
            throw call.Fail($"{context}error performing request: {Echo.Bounded(e.Message)}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw call.Fail($"{context}the request timed out after {timeout.TotalSeconds:0}s");
        }
    }
}
