using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Stores;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Gcp.Http;

/// <summary>
/// One JSON call to a Google REST API with a bearer token of <see cref="GcpTokenSource"/>: the reply read up to a budget,
/// a failure thrown as <see cref="GcpSecretManagerException"/> naming the call, the HTTP status and Google's status name
/// (never the reply's message, which may echo the request). With <c>allowNotFound</c>, a 404 is null.
/// </summary>
internal static class GcpRestCall
{
    public static async Task<TResponse?> SendAsync<TResponse>(HttpClient http, GcpTokenSource tokens, HttpMethod method, Uri uri, HttpContent? content,
        JsonTypeInfo<TResponse> responseType, string what, int maxReplyBytes, CancellationToken ct, bool allowNotFound = false) where TResponse : class
    {
        string token;
        try
        {
            token = await tokens.GetTokenAsync(ct);
        }
        catch (CloudHttpException e)
        {
            throw new GcpSecretManagerException($"getting an access token for {what}", e.Status, e.ErrorCode);
        }
        using var request = new HttpRequestMessage(method, uri);
        request.Content = content;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var bytes = await BoundedBody.ReadAsync(response, maxReplyBytes,
            () => new GcpSecretManagerException($"{what} (reply larger than {maxReplyBytes} bytes)", (int)response.StatusCode, ""), ct);
        if (allowNotFound && (int)response.StatusCode == 404) return null;
        if (!response.IsSuccessStatusCode)
        {
            var status = "";
            try
            {
                status = JsonSerializer.Deserialize(bytes, GcpJsonContext.Default.GcpErrorEnvelope)?.Error?.Status ?? "";
            }
            catch (JsonException)
            {
            }
            throw new GcpSecretManagerException(what, (int)response.StatusCode, Core.Errors.Echo.Bounded(status, 40));
        }
        try
        {
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, responseType);
        }
        catch (JsonException)
        {
            throw new GcpSecretManagerException($"{what} (unreadable reply)", (int)response.StatusCode, "");
        }
    }

    /// <summary>A JSON request body.</summary>
    public static ByteArrayContent Json<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
