using System.Text.Json;

namespace SecretsKit.Cloud.Gcp.SecretManager;

/// <summary>
/// Tokens of the workload's own service account from the metadata server (GKE Workload Identity, GCE):
/// <c>GET /computeMetadata/v1/instance/service-accounts/default/token</c> with <c>Metadata-Flavor: Google</c>, on
/// <c>GCE_METADATA_HOST</c> or <c>metadata.google.internal</c>; cached until a minute before expiry.
/// </summary>
internal sealed class GcpMetadataTokenSource(HttpClient http, string host, TimeProvider time) : GcpTokenSource
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private (string Token, DateTimeOffset ExpiresAt)? _cached;

    public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } hit && time.GetUtcNow() < hit.ExpiresAt - RefreshMargin) return hit.Token;
        var uri = new Uri($"http://{host}/computeMetadata/v1/instance/service-accounts/default/token");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("Metadata-Flavor", "Google");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
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
            throw new CloudHttpException((int)response.StatusCode, "gcpsm: the metadata server gave no token (workload identity not configured?)");
        }
        _cached = (body.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(body.ExpiresIn));
        return body.AccessToken;
    }
}
