using System.Text.Json;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>Supplies OAuth 2 bearer tokens for Google API calls (Cloud KMS, Secret Manager).</summary>
internal abstract class GcpTokenSource
{
    public abstract ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>When the token <see cref="GetTokenAsync"/> last returned expires; null when the source does not know.</summary>
    protected virtual DateTimeOffset? CachedExpiry => null;

    /// <summary>A token and its expiry (as the token endpoint stated it), for a generator that hands both out.</summary>
    public async ValueTask<(string Token, DateTimeOffset? ExpiresAt)> GetTokenWithExpiryAsync(CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return (token, CachedExpiry);
    }

    /// <summary>
    /// The token and its lifetime (5 minutes when unstated) from a token endpoint's JSON reply; a failed or token-less
    /// reply is a <see cref="CloudHttpException"/> whose code is <paramref name="failure"/> plus the OAuth error, if any.
    /// </summary>
    protected static async Task<(string Token, TimeSpan Lifetime)> ReadTokenAsync(HttpResponseMessage response, string failure, CancellationToken cancellationToken)
    {
        GcpTokenResponse? body = null;
        try
        {
            body = await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                GcpJsonContext.Default.GcpTokenResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
        }
        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(body?.AccessToken))
        {
            var description = body?.ErrorDescription is { Length: > 0 } d ? ": " + (d.Length > 300 ? d[..300] + "…" : d).ReplaceLineEndings(" ") : "";
            throw new CloudHttpException((int)response.StatusCode, (failure + " " + (body?.Error ?? "")).Trim() + description);
        }
        return (body.AccessToken, body.ExpiresIn > 0 ? TimeSpan.FromSeconds(body.ExpiresIn) : TimeSpan.FromMinutes(5));
    }
}
