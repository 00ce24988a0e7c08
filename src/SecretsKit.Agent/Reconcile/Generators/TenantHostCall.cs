using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// One request of a generator to a host its spec names (tenant input): no redirects, no proxy, link-local addresses
/// refused (<see cref="LinkLocalGuard"/>), a timeout, and a JSON answer read up to 1 MiB. Every failure is the
/// generator's one-line error.
/// </summary>
internal static class TenantHostCall
{
    private const int MaxResponseBytes = 1 << 20;

    /// <summary>
    /// The answer's JSON when its status is <paramref name="expectedStatus"/>; another status is <paramref name="statusError"/>'s
    /// message. Every failure message starts with <paramref name="context"/> (e.g. ESO's <c>unable to exchange OIDC token: </c>).
    /// </summary>
    public static async Task<JsonNode?> JsonAsync(GeneratorCall call, HttpRequestMessage request, TimeSpan timeout,
        Func<HttpResponseMessage, string> statusError, CancellationToken ct, int expectedStatus = 200, string context = "")
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, ConnectCallback = LinkLocalGuard.ConnectAsync };
        using var http = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if ((int)response.StatusCode != expectedStatus) throw call.Fail(context + statusError(response));
            var bytes = await BoundedBody.ReadAsync(response, MaxResponseBytes, () => call.Fail(context + "the response is larger than 1 MiB"), ct);
            try
            {
                return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                throw call.Fail(context + "the response is not JSON");
            }
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
