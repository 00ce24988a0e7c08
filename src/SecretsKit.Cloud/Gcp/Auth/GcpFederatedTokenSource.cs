using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// Keyless Google tokens from a Kubernetes ServiceAccount token (GKE Workload Identity, or a workload identity pool
/// with Kubernetes as provider): the token, minted by <paramref name="subjectToken"/> for each exchange, goes to STS
/// (token exchange, subject type jwt, <paramref name="audience"/>, scope cloud-platform); the federated token is used
/// as is, or, with <paramref name="serviceAccountEmail"/>, exchanged at IAM Credentials <c>generateAccessToken</c> for
/// that Google service account's token. Cached until a minute before expiry.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds nothing to dispose; lives as long as its store.")]
internal sealed class GcpFederatedTokenSource(
    HttpClient http, GcpEndpoints endpoints, string audience, Func<CancellationToken, Task<string>> subjectToken,
    string? serviceAccountEmail, TimeProvider time, string subjectTokenType = GcpFederatedTokenSource.JwtTokenType) : GcpTokenSource
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>The subject token type of a Kubernetes ServiceAccount token (an OIDC JWT).</summary>
    public const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _cached;

    /// <summary>A Google service account's email as IAM names it: one <c>@</c>, letters, digits, <c>.-_+</c> (it goes into a URL path).</summary>
    public static bool IsValidServiceAccountEmail(string email) =>
        email.Length is > 2 and <= 254 && email.Count(c => c == '@') == 1 && email[0] != '@' && email[^1] != '@'
        && email.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' or '@');

    protected override DateTimeOffset? CachedExpiry => _cached?.ExpiresAt;

    public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } hit && time.GetUtcNow() < hit.ExpiresAt - RefreshMargin) return hit.Token;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } again && time.GetUtcNow() < again.ExpiresAt - RefreshMargin) return again.Token;
            var (federated, lifetime) = await ExchangeAsync(cancellationToken).ConfigureAwait(false);
            _cached = serviceAccountEmail is null
                ? (federated, time.GetUtcNow() + lifetime)
                : await ImpersonateAsync(federated, serviceAccountEmail, cancellationToken).ConfigureAwait(false);
            return _cached.Value.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> ExchangeAsync(CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token_type"] = subjectTokenType,
            ["requested_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["subject_token"] = await subjectToken(cancellationToken).ConfigureAwait(false),
            ["audience"] = audience,
            ["scope"] = CloudPlatformScope,
        };
        var uri = endpoints.StsTokenUri;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadTokenAsync(response, $"gcp workload identity: token exchange at {uri} failed", cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> ImpersonateAsync(string federated, string email, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoints.IamCredentialsBase, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(email)}:generateAccessToken");
        var body = new JsonObject { ["scope"] = new JsonArray(CloudPlatformScope) };
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", federated);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var reply = await ReadReplyAsync(response, cancellationToken).ConfigureAwait(false);
        var token = reply?["accessToken"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(token))
        {
            throw new CloudHttpException((int)response.StatusCode, $"gcp workload identity: generateAccessToken for {email} failed{ErrorSuffix(reply)}");
        }
        var expires = reply?["expireTime"] is JsonValue e && e.TryGetValue<string>(out var es)
            && DateTimeOffset.TryParse(es, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : time.GetUtcNow() + TimeSpan.FromMinutes(5);
        return (token, expires);
    }

    /// <summary>An IAM Credentials reply as JSON (null when it is not JSON or larger than 64 KiB).</summary>
    internal static async Task<JsonNode?> ReadReplyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text.Length > 65536 ? "" : text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>" MESSAGE" of a Google error reply, on one line and cut at 300 characters; empty without one.</summary>
    internal static string ErrorSuffix(JsonNode? reply)
    {
        if (reply?["error"]?["message"] is not JsonValue m || !m.TryGetValue<string>(out var message)) return "";
        var line = message.ReplaceLineEndings(" ");
        return " " + (line.Length > 300 ? line[..300] + "…" : line);
    }
}
