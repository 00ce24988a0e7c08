using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// Facts about the node from the metadata server (<c>GCE_METADATA_HOST</c> or <c>metadata.google.internal</c>):
/// <c>GET /computeMetadata/v1/PATH</c> with <c>Metadata-Flavor: Google</c>. Only attributes (project, cluster name and
/// location), never a token: a tenant's store may ask for them.
/// </summary>
internal sealed class GcpMetadataAttributes(HttpClient http, IEnvironment environment)
{
    public async Task<string> GetAsync(string path, string field, CancellationToken ct)
    {
        var host = environment.Get("GCE_METADATA_HOST") ?? "metadata.google.internal";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{host}/computeMetadata/v1/{path}"));
        request.Headers.Add("Metadata-Flavor", "Google");
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var text = (await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).Trim();
            if (response.IsSuccessStatusCode && text.Length is > 0 and <= 256) return text;
            throw new Providers.StoreConfigException($"gcp workload identity: {field} is not set and the metadata server has no {path}");
        }
        catch (HttpRequestException e)
        {
            throw new Providers.StoreConfigException($"gcp workload identity: {field} is not set and the metadata server at {host} cannot be reached ({e.HttpRequestError})");
        }
    }
}
