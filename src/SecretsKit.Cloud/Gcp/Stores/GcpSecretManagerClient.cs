using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Gcp.Stores;

/// <summary>
/// The Secret Manager v1 REST calls the store makes (access a version, list with a filter, create a secret, add a
/// version, update labels and annotations, delete), with bearer tokens and the shared retry/timeout handler. Regional secrets
/// (<paramref name="location"/> set) live under <c>projects/P/locations/L</c> on the regional endpoint.
/// </summary>
internal sealed class GcpSecretManagerClient(HttpClient http, GcpTokenSource tokens, Uri endpoint, string project, string? location)
{
    /// <summary>The public endpoint for a location (global when null).</summary>
    public static Uri DefaultEndpoint(string? location, string universe = Auth.GcpEndpoints.DefaultUniverseDomain) =>
        new(location is null ? $"https://secretmanager.{universe}/" : $"https://secretmanager.{location}.rep.{universe}/");

    /// <summary>Whether the store holds regional secrets (no replication policy, a CMEK key of their own).</summary>
    public bool Regional => location is not null;

    /// <summary><c>projects/P</c> or <c>projects/P/locations/L</c>.</summary>
    public string Parent => location is null ? $"projects/{project}" : $"projects/{project}/locations/{location}";

    public string SecretName(string secretId) => $"{Parent}/secrets/{Uri.EscapeDataString(secretId)}";

    /// <summary>The version's payload, or null when the secret or version does not exist.</summary>
    public async Task<GcpSecretPayload?> AccessAsync(string secretId, string version, CancellationToken ct)
    {
        var reply = await SendAsync(HttpMethod.Get, $"{SecretName(secretId)}/versions/{Uri.EscapeDataString(version)}:access", null,
            GcpSecretManagerJsonContext.Default.GcpAccessSecretVersionResponse, $"accessing secret '{secretId}'", ct, allowNotFound: true);
        return reply?.Payload;
    }

    /// <summary>The secret's metadata, or null when it does not exist.</summary>
    public Task<GcpSecret?> GetSecretAsync(string secretId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, SecretName(secretId), null, GcpSecretManagerJsonContext.Default.GcpSecret, $"reading secret '{secretId}'", ct, allowNotFound: true);

    public async Task<List<GcpSecret>> ListAsync(string? filter, CancellationToken ct)
    {
        var result = new List<GcpSecret>();
        string? page = null;
        do
        {
            var query = "?pageSize=250" + (filter is null ? "" : "&filter=" + Uri.EscapeDataString(filter))
                + (page is null ? "" : "&pageToken=" + Uri.EscapeDataString(page));
            var reply = await SendAsync(HttpMethod.Get, $"{Parent}/secrets{query}", null,
                GcpSecretManagerJsonContext.Default.GcpListSecretsResponse, "listing secrets", ct);
            result.AddRange(reply?.Secrets ?? []);
            page = reply?.NextPageToken is { Length: > 0 } next ? next : null;
        }
        while (page is not null);
        return result;
    }

    /// <summary>Creates the secret; a global store's secret without <see cref="GcpSecret.Replication"/> gets automatic replication.</summary>
    public Task CreateSecretAsync(string secretId, GcpSecret secret, CancellationToken ct)
    {
        var body = location is null ? secret with { Replication = secret.Replication ?? new GcpReplication(new GcpAutomaticReplication()) } : secret;
        return SendAsync(HttpMethod.Post, $"{Parent}/secrets?secretId={Uri.EscapeDataString(secretId)}",
            JsonSerializer.SerializeToUtf8Bytes(body, GcpSecretManagerJsonContext.Default.GcpSecret),
            GcpSecretManagerJsonContext.Default.GcpSecret, $"creating secret '{secretId}'", ct);
    }

    /// <summary>Replaces the secret's labels and annotations (<c>updateMask=labels,annotations</c>).</summary>
    public Task UpdateMetadataAsync(string secretId, GcpSecretMetadataUpdate update, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"{SecretName(secretId)}?updateMask=labels,annotations",
            JsonSerializer.SerializeToUtf8Bytes(update, GcpSecretManagerJsonContext.Default.GcpSecretMetadataUpdate),
            GcpSecretManagerJsonContext.Default.GcpSecret, $"updating the labels of secret '{secretId}'", ct);

    public Task AddVersionAsync(string secretId, byte[] value, CancellationToken ct)
    {
        var payload = new GcpSecretPayload(Convert.ToBase64String(value), Crc32C.Compute(value).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return SendAsync(HttpMethod.Post, $"{SecretName(secretId)}:addVersion",
            JsonSerializer.SerializeToUtf8Bytes(new GcpAddSecretVersionRequest(payload), GcpSecretManagerJsonContext.Default.GcpAddSecretVersionRequest),
            GcpSecretManagerJsonContext.Default.GcpSecretVersion, $"adding a version to secret '{secretId}'", ct);
    }

    public Task DeleteSecretAsync(string secretId, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, SecretName(secretId), null, GcpSecretManagerJsonContext.Default.GcpEmpty, $"deleting secret '{secretId}'", ct, allowNotFound: true);

    /// <summary>Secret Manager replies are bounded like the other Google calls' (a secret payload is at most 64 KiB).</summary>
    private const int MaxReplyBytes = 32 * 1024 * 1024;

    private Task<T?> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> type, string what, CancellationToken ct,
        bool allowNotFound = false) where T : class
    {
        ByteArrayContent? content = null;
        if (body is not null)
        {
            content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        return GcpRestCall.SendAsync(http, tokens, method, new Uri(endpoint, "v1/" + path), content, type, what, MaxReplyBytes, ct, allowNotFound);
    }
}
