using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.HuaweiCloud.Http;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.HuaweiCloud.Keys;

/// <summary>
/// The two KMS calls sops makes (<c>EncryptData</c>, <c>DecryptData</c> with <c>SYMMETRIC_DEFAULT</c>), signed with
/// the AK/SK from the environment. Endpoint per region: <c>HUAWEICLOUD_SDK_REGION_KMS_{REGION}</c> (upper case,
/// dashes as underscores, as the SDK reads it), else <c>https://kms.{region}.myhuaweicloud.com</c>.
/// </summary>
internal sealed class HuaweiKmsClient
{
    private const string Algorithm = "SYMMETRIC_DEFAULT";
    private readonly HttpClient _http;
    private readonly Lazy<HuaweiCloudCredentials> _credentials;
    private readonly KeySourceContext _context;

    public HuaweiKmsClient(KeySourceContext context, CloudKeyOptions options)
    {
        _context = context;
        _credentials = new Lazy<HuaweiCloudCredentials>(() => HuaweiCloudCredentials.FromEnvironment(context.Environment));
        _http = options.CreateRetryingClient(context.Time,
            inner => new HuaweiCloudSigningHandler(() => _credentials.Value, context.Time) { InnerHandler = inner });
    }

    /// <summary>Encrypts <paramref name="plainText"/> (sops sends the base64 of the data key) and returns <c>cipher_text</c>.</summary>
    public async Task<string> EncryptDataAsync(HuaweiCloudKeyId key, string plainText, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(key, "encrypt-data", new HuaweiEncryptDataRequest(key.KeyUuid, plainText, Algorithm),
            HuaweiKmsJsonContext.Default.HuaweiEncryptDataRequest, HuaweiKmsJsonContext.Default.HuaweiEncryptDataResponse,
            cancellationToken).ConfigureAwait(false);
        return reply.CipherText ?? throw new CloudHttpException(200, "no cipher_text in reply");
    }

    /// <summary>Decrypts <paramref name="cipherText"/> and returns <c>plain_text</c>.</summary>
    public async Task<string> DecryptDataAsync(HuaweiCloudKeyId key, string cipherText, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(key, "decrypt-data", new HuaweiDecryptDataRequest(cipherText, Algorithm, key.KeyUuid),
            HuaweiKmsJsonContext.Default.HuaweiDecryptDataRequest, HuaweiKmsJsonContext.Default.HuaweiDecryptDataResponse,
            cancellationToken).ConfigureAwait(false);
        return reply.PlainText ?? throw new CloudHttpException(200, "no plain_text in reply");
    }

    private Uri Endpoint(string region) => HuaweiCloudRegions.Endpoint(region, _context.Environment);

    private async Task<TResponse> PostAsync<TRequest, TResponse>(HuaweiCloudKeyId key, string action, TRequest body,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var project = Uri.EscapeDataString(_credentials.Value.ProjectId);
        var uri = new Uri(Endpoint(key.Region), $"v1.0/{project}/kms/{action}");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CloudHttpException((int)response.StatusCode, ErrorCode(bytes));
        }
        return JsonSerializer.Deserialize(bytes, responseType) ?? throw new CloudHttpException((int)response.StatusCode, "empty reply");
    }

    private static string ErrorCode(byte[] body)
    {
        try
        {
            var reply = JsonSerializer.Deserialize(body, HuaweiKmsJsonContext.Default.HuaweiErrorReply);
            return reply?.Error?.ErrorCode ?? reply?.ErrorCode ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
