using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// IAM Service Account Credentials' <c>signJwt</c>: Google signs a JWT payload with a service account's system-managed
/// key, so a caller proves to a third party (Vault's <c>gcp</c> auth, <c>iam</c> type) that it may act as that account
/// without ever holding a key. The caller authenticates with a bearer token from <paramref name="tokens"/>.
/// </summary>
internal sealed class GcpIamJwtSigner(HttpClient http, GcpEndpoints endpoints, GcpTokenSource tokens)
{
    /// <summary>The signed JWT (<c>signedJwt</c>) for <paramref name="claims"/>, signed as <paramref name="email"/>.</summary>
    public async Task<string> SignAsync(string email, JsonObject claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var uri = new Uri(endpoints.IamCredentialsBase, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(email)}:signJwt");
        var body = new JsonObject { ["payload"] = claims.ToJsonString() };
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var reply = await GcpFederatedTokenSource.ReadReplyAsync(response, cancellationToken).ConfigureAwait(false);
        var jwt = reply?["signedJwt"] is JsonValue j && j.TryGetValue<string>(out var s) ? s : null;
        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(jwt))
        {
            throw new CloudHttpException((int)response.StatusCode, $"gcp iam credentials: signJwt for {email} failed{GcpFederatedTokenSource.ErrorSuffix(reply)}");
        }
        return jwt;
    }
}
