using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Gcp.Keys;

/// <summary>
/// The two Cloud KMS REST calls sops makes: <c>POST v1/{name}:encrypt</c> and <c>:decrypt</c>, with bearer tokens,
/// per-attempt timeouts and retries, at the endpoint <see cref="GcpKmsEndpoint"/> resolves;
/// REST whatever <c>SOPS_GCP_KMS_CLIENT_TYPE</c> says (<see cref="GcpKmsClientType"/>).
/// </summary>
internal sealed class GcpKmsClient
{
    private readonly HttpClient _http;
    private readonly Lazy<GcpTokenSource> _tokens;
    private readonly Uri _endpoint;

    public GcpKmsClient(KeySourceContext context, CloudKeyOptions options)
    {
        GcpKmsClientType.Validate(context.Environment);
        _http = options.CreateRetryingClient(context.Time);
        _tokens = new Lazy<GcpTokenSource>(() => GcpCredentialResolver.Resolve(context.Environment, _http, context.Time));
        _endpoint = GcpKmsEndpoint.Resolve(context.Environment);
    }

    public async Task<byte[]> EncryptAsync(string resourceId, byte[] plaintext, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(GcpKmsResourceId.EscapedPath(resourceId) + ":encrypt", new GcpEncryptRequest(Convert.ToBase64String(plaintext)),
            GcpJsonContext.Default.GcpEncryptRequest, GcpJsonContext.Default.GcpEncryptResponse, cancellationToken).ConfigureAwait(false);
        return Convert.FromBase64String(reply.Ciphertext ?? throw new CloudHttpException(200, "no ciphertext in reply"));
    }

    public async Task<byte[]> DecryptAsync(string resourceId, byte[] ciphertext, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(GcpKmsResourceId.EscapedPath(resourceId) + ":decrypt", new GcpDecryptRequest(Convert.ToBase64String(ciphertext)),
            GcpJsonContext.Default.GcpDecryptRequest, GcpJsonContext.Default.GcpDecryptResponse, cancellationToken).ConfigureAwait(false);
        return Convert.FromBase64String(reply.Plaintext ?? throw new CloudHttpException(200, "no plaintext in reply"));
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var token = await _tokens.Value.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var uri = new Uri(_endpoint, "v1/" + path);
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            string status = "";
            try
            {
                status = (await JsonSerializer.DeserializeAsync(stream, GcpJsonContext.Default.GcpErrorEnvelope, cancellationToken)
                    .ConfigureAwait(false))?.Error?.Status ?? "";
            }
            catch (JsonException)
            {
            }
            throw new CloudHttpException((int)response.StatusCode, status);
        }
        return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false)
            ?? throw new CloudHttpException((int)response.StatusCode, "empty reply");
    }
}
