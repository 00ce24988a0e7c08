using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// <c>authType: ManagedIdentity</c>: tokens of the host's managed identity from the endpoint
/// <see cref="AzureManagedIdentitySource"/> picked (App Service, Service Fabric, Azure Arc or the instance metadata
/// service): <c>GET …?api-version=V&amp;resource=R[&amp;client_id=ID]</c>. For Azure Arc, a <c>401</c> challenge is answered
/// once with the key file it names (<see cref="AzureArcKeyFile"/>, read from <paramref name="arcTokenDirectory"/>).
/// <c>identityId</c> picks a user-assigned identity by client id, as ESO passes it. Cached until five minutes before
/// expiry. No header or key value is ever shown.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds nothing to dispose; the HttpClient lives as long as its store.")]
internal sealed class AzureManagedIdentityCredential(HttpClient http, AzureManagedIdentitySource source, string? clientId, TimeProvider time, string? arcTokenDirectory = null)
    : TokenCredential
{
    private const int MaxReplyChars = 65536;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, AccessToken> _cache = new(StringComparer.Ordinal);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        // a scope is "RESOURCE/.default"; the endpoints take the resource
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
        using var request = source.CreateRequest(resource, clientId);
        var (status, text, challenges) = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (source.Kind == AzureManagedIdentityKind.AzureArc && status == 401)
        {
            var key = AzureArcKeyFile.Read(challenges, arcTokenDirectory ?? AzureArcKeyFile.DefaultDirectory);
            using var answer = source.CreateRequest(resource, clientId);
            answer.Headers.TryAddWithoutValidation("Authorization", "Basic " + key);
            (status, text, _) = await SendAsync(answer, cancellationToken).ConfigureAwait(false);
        }
        JsonNode? reply = null;
        try
        {
            reply = text.Length <= MaxReplyChars ? JsonNode.Parse(text) : null;
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

    private async Task<(int Status, string Text, IReadOnlyList<string> Challenges)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var challenges = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? values.ToList() : [];
            return ((int)response.StatusCode, await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false), challenges);
        }
        catch (HttpRequestException e) when (source.Kind == AzureManagedIdentityKind.ServiceFabric && e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw Refused($"the {source.Name} at {source.Endpoint.GetLeftPart(UriPartial.Authority)} presented a TLS certificate whose thumbprint is not IDENTITY_SERVER_THUMBPRINT; nothing was sent");
        }
        catch (HttpRequestException e)
        {
            throw Refused($"the {source.Name} at {source.Endpoint.GetLeftPart(UriPartial.Authority)} cannot be reached ({e.HttpRequestError})");
        }
    }

    /// <summary>The reply's text, at most <see cref="MaxReplyChars"/> characters and one more (so an oversized reply is seen as such).</summary>
    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxReplyChars + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, length);
    }

    private static string? Str(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v ? v.ToString() : null;

    private SecretsKitException Refused(string reason) =>
        new(ExitCodes.Generic, $"azurekv: the managed identity{(clientId is null ? "" : $" '{clientId}'")} got no token: {reason}");
}
