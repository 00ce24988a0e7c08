using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Aws.Http;

/// <summary>
/// The AWS JSON protocol (1.1, or 1.0) over HttpClient: <c>POST /</c> with <c>X-Amz-Target: {prefix}.{Operation}</c>, a JSON
/// body, SigV4 signing and retries; error bodies (<c>__type</c>, <c>message</c>) become <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsJsonClient : IDisposable
{
    private readonly MediaTypeHeaderValue _contentType;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _targetPrefix;

    /// <param name="jsonVersion">The protocol version of the content type: <c>1.1</c> for most services, <c>1.0</c> for SQS.</param>
    public AwsJsonClient(AwsClientOptions options, string signingName, string targetPrefix, string provider, HttpMessageHandler? transport = null, string jsonVersion = "1.1")
    {
        _contentType = new MediaTypeHeaderValue("application/x-amz-json-" + jsonVersion);
        ArgumentNullException.ThrowIfNull(options);
        Provider = provider;
        _targetPrefix = targetPrefix;
        _endpoint = options.ResolveEndpoint(signingName);
#pragma warning disable CA2000 // the handler chain is owned by _http, which Dispose disposes
        var signer = new SigV4Handler(new AwsCredentialProvider(options.Credentials, provider), options.Region, signingName, options.Time,
            transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _http = new HttpClient(new ResilientHttpHandler(options.Retry, signer)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
    }

    public string Provider { get; }

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(string operation, TRequest request,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", _targetPrefix + "." + operation);
        message.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        message.Content.Headers.ContentType = _contentType;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new AwsServiceException(Provider, operation, 0, null, $"no response from {_endpoint.GetLeftPart(UriPartial.Authority)}: {ex.Message}", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var type = await RetryClassifier.ReadAwsErrorTypeAsync(response);
                throw new AwsServiceException(Provider, operation, (int)response.StatusCode, type, await ReadMessageAsync(response, cancellationToken))
                {
                    RetryAfter = RetryClassifier.RetryAfter(response, TimeProvider.System),
                };
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            try
            {
                return JsonSerializer.Deserialize(bytes, responseType)
                       ?? throw new AwsServiceException(Provider, operation, (int)response.StatusCode, null, "empty response body");
            }
            catch (JsonException ex)
            {
                throw new AwsServiceException(Provider, operation, (int)response.StatusCode, null, "unreadable response body", ex);
            }
        }
    }

    private static async Task<string?> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var json = JsonBody.TryParse(bytes);
        var text = (json?["message"] ?? json?["Message"])?.GetValue<string>();
        return text is { Length: > 300 } ? text[..300] + "…" : text;
    }

    public void Dispose() => _http.Dispose();
}
