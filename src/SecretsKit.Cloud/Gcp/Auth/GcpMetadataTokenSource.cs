namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// Tokens of the workload's own service account from the metadata server (GKE Workload Identity, GCE):
/// <c>GET /computeMetadata/v1/instance/service-accounts/default/token</c> with <c>Metadata-Flavor: Google</c>, on
/// <c>GCE_METADATA_HOST</c> or <c>metadata.google.internal</c>; cached until a minute before expiry.
/// </summary>
internal sealed class GcpMetadataTokenSource(HttpClient http, string host, TimeProvider time) : GcpTokenSource
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
    private (string Token, DateTimeOffset ExpiresAt)? _cached;

    protected override DateTimeOffset? CachedExpiry => _cached?.ExpiresAt;

    public override async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } hit && time.GetUtcNow() < hit.ExpiresAt - RefreshMargin) return hit.Token;
        var uri = new Uri($"http://{host}/computeMetadata/v1/instance/service-accounts/default/token");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("Metadata-Flavor", "Google");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var (token, lifetime) = await ReadTokenAsync(response, "gcpsm: no token from the metadata server (workload identity not configured?)", cancellationToken)
            .ConfigureAwait(false);
        _cached = (token, time.GetUtcNow() + lifetime);
        return token;
    }
}
