using System.Net.Http.Headers;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// Tokens from a Google credentials file: a service account's signed JWT (grant type
/// <c>urn:ietf:params:oauth:grant-type:jwt-bearer</c>) or an authorized user's refresh token, exchanged at the file's
/// <c>token_uri</c> and cached until a minute before expiry. A service account's token is asked for
/// <paramref name="scope"/> (Cloud KMS unless a caller needs another API).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim without AvailableWaitHandle holds nothing to dispose; lives as long as its key source.")]
internal sealed class OAuthGcpTokenSource(GcpCredentialsFile file, HttpClient http, TimeProvider time, string scope = GcpServiceAccountJwt.Scope) : GcpTokenSource
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    private string TokenUri => string.IsNullOrEmpty(file.TokenUri) ? "https://oauth2.googleapis.com/token" : file.TokenUri;

    protected override DateTimeOffset? CachedExpiry => _token is null ? null : _expiresAt;

    public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && time.GetUtcNow() < _expiresAt - RefreshMargin)
        {
            return cached;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } again && time.GetUtcNow() < _expiresAt - RefreshMargin)
            {
                return again;
            }
            var (token, lifetime) = await ExchangeAsync(cancellationToken).ConfigureAwait(false);
            _token = token;
            _expiresAt = time.GetUtcNow() + lifetime;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> ExchangeAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUri) { Content = new FormUrlEncodedContent(Form()) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadTokenAsync(response, "token exchange at " + TokenUri + " failed", cancellationToken).ConfigureAwait(false);
    }

    private Dictionary<string, string> Form() => file.Type == "authorized_user"
        ? new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = file.ClientId ?? "",
            ["client_secret"] = file.ClientSecret ?? "",
            ["refresh_token"] = file.RefreshToken ?? "",
        }
        : new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["assertion"] = GcpServiceAccountJwt.Create(file, TokenUri, time.GetUtcNow(), scope),
        };
}
