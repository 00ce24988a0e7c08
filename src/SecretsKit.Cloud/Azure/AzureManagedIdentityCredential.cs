using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure;

/// <summary>
/// <c>authType: ManagedIdentity</c>: tokens of the host's managed identity, from one of the two sources Azure.Identity
/// tries in this order. With <paramref name="identityHeader"/> (<c>IDENTITY_ENDPOINT</c> + <c>IDENTITY_HEADER</c>, as App
/// Service and its container hosts set them): <c>GET IDENTITY_ENDPOINT?api-version=2019-08-01&amp;resource=R[&amp;client_id=ID]</c>
/// with <c>X-IDENTITY-HEADER</c>. Otherwise the instance metadata service:
/// <c>GET ENDPOINT/metadata/identity/oauth2/token?api-version=2018-02-01&amp;resource=R[&amp;client_id=ID]</c> with
/// <c>Metadata: true</c>, ENDPOINT being <c>http://169.254.169.254</c> unless <c>AZURE_POD_IDENTITY_AUTHORITY_HOST</c> (the
/// variable Azure.Identity reads for it) names another. <c>identityId</c> picks a user-assigned identity by client id,
/// as ESO passes it. Cached until five minutes before expiry. The header's value is never shown.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds nothing to dispose; the HttpClient lives as long as its store.")]
internal sealed class AzureManagedIdentityCredential(HttpClient http, Uri endpoint, string? clientId, TimeProvider time, string? identityHeader = null)
    : TokenCredential
{
    public const string DefaultEndpoint = "http://169.254.169.254";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, AccessToken> _cache = new(StringComparer.Ordinal);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        // a scope is "RESOURCE/.default"; IMDS takes the resource
        var scope = requestContext.Scopes.FirstOrDefault() ?? "";
        var resource = scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : scope;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.TryGetValue(resource, out var hit) && time.GetUtcNow() < hit.ExpiresOn - TimeSpan.FromMinutes(5)) return hit;
            var token = await RequestAsync(resource, cancellationToken).ConfigureAwait(false);
            _cache[resource] = token;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AccessToken> RequestAsync(string resource, CancellationToken cancellationToken)
    {
        var appService = identityHeader is not null;
        var query = $"api-version={(appService ? "2019-08-01" : "2018-02-01")}&resource={Uri.EscapeDataString(resource)}"
            + (clientId is null ? "" : $"&client_id={Uri.EscapeDataString(clientId)}");
        var target = appService
            ? new UriBuilder(endpoint) { Query = string.IsNullOrEmpty(endpoint.Query) ? query : endpoint.Query[1..] + "&" + query }.Uri
            : new Uri(endpoint, "metadata/identity/oauth2/token?" + query);
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        if (appService) request.Headers.Add("X-IDENTITY-HEADER", identityHeader);
        else request.Headers.Add("Metadata", "true");
        string text;
        int status;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Refused($"the {(appService ? "identity endpoint" : "instance metadata service")} at {endpoint.GetLeftPart(UriPartial.Authority)} cannot be reached ({e.HttpRequestError})");
        }
        JsonNode? reply = null;
        try
        {
            reply = text.Length <= 65536 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
        }
        var token = Str(reply, "access_token");
        if (status != 200 || string.IsNullOrEmpty(token))
        {
            var reason = Str(reply, "error_description") ?? Str(reply, "error") ?? $"HTTP {status}";
            throw Refused($"HTTP {status}: {Echo.Bounded(reason.ReplaceLineEndings(" "))}");
        }
        var expiresOn = long.TryParse(Str(reply, "expires_on"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : time.GetUtcNow() + TimeSpan.FromMinutes(10);
        return new AccessToken(token, expiresOn);
    }

    private static string? Str(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v ? v.ToString() : null;

    private SecretsKitException Refused(string reason) =>
        new(ExitCodes.Generic, $"azurekv: the managed identity{(clientId is null ? "" : $" '{clientId}'")} got no token: {reason}");
}
