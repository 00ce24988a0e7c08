using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Azure.Keys;

/// <summary>
/// The three Key Vault key REST calls sops needs (the Keys SDK is not available): get the latest version, and the
/// <c>encrypt</c>/<c>decrypt</c> key operations with <c>RSA-OAEP-256</c>. Runs on an Azure.Core pipeline with
/// challenge authentication and the SDK's retry policy (5xx/429 with Retry-After, never other 4xx).
/// </summary>
internal sealed class AzureKeyVaultKeyClient(HttpPipeline pipeline)
{
    public const string ApiVersion = "7.4";
    public const string Algorithm = "RSA-OAEP-256";

    /// <summary>The current version of a key (last segment of its <c>kid</c>).</summary>
    public async Task<string> GetLatestVersionAsync(string vaultUrl, string name, CancellationToken cancellationToken)
    {
        var bundle = await SendAsync(RequestMethod.Get, $"{vaultUrl}/keys/{Uri.EscapeDataString(name)}", null,
            AzureKeyVaultJsonContext.Default.KeyBundle, cancellationToken).ConfigureAwait(false);
        var kid = bundle.Key?.KeyId ?? throw new RequestFailedException(200, "key bundle without key.kid", "InvalidResponse", null);
        return kid.TrimEnd('/').Split('/')[^1];
    }

    public Task<byte[]> EncryptAsync(string vaultUrl, string name, string version, byte[] plaintext, CancellationToken cancellationToken) =>
        OperateAsync(vaultUrl, name, version, "encrypt", plaintext, cancellationToken);

    public Task<byte[]> DecryptAsync(string vaultUrl, string name, string version, byte[] ciphertext, CancellationToken cancellationToken) =>
        OperateAsync(vaultUrl, name, version, "decrypt", ciphertext, cancellationToken);

    private async Task<byte[]> OperateAsync(string vaultUrl, string name, string version, string operation, byte[] value,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new KeyOperationRequest(Algorithm, Base64Url.Encode(value)),
            AzureKeyVaultJsonContext.Default.KeyOperationRequest);
        var result = await SendAsync(RequestMethod.Post,
            $"{vaultUrl}/keys/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(version)}/{operation}", body,
            AzureKeyVaultJsonContext.Default.KeyOperationResult, cancellationToken).ConfigureAwait(false);
        return Base64Url.Decode(result.Value ?? throw new RequestFailedException(200, "key operation result without value", "InvalidResponse", null));
    }

    private async Task<T> SendAsync<T>(RequestMethod method, string url, byte[]? body, JsonTypeInfo<T> type,
        CancellationToken cancellationToken)
    {
        using var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(url + "?api-version=" + ApiVersion));
        message.Request.Headers.SetValue(HttpHeader.Names.Accept, "application/json");
        if (body is not null)
        {
            message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
            message.Request.Content = RequestContent.Create(body);
        }
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is < 200 or >= 300)
        {
            throw new RequestFailedException(response);
        }
        return JsonSerializer.Deserialize(response.Content.ToMemory().Span, type)
            ?? throw new RequestFailedException(response.Status, "empty reply", "InvalidResponse", null);
    }
}
