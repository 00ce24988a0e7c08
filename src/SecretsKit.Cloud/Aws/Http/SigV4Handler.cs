using System.Net.Http.Headers;
using Amazon.Runtime;

namespace SecretsKit.Cloud.Aws.Http;

/// <summary>
/// Signs each outgoing request (each retry again, with a fresh <c>X-Amz-Date</c>) with SigV4 for one service and
/// region. Signs <c>host</c>, <c>content-type</c> and every <c>x-amz-*</c> header.
/// </summary>
internal sealed class SigV4Handler(AwsCredentialProvider credentials, string region, string service, TimeProvider time, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var creds = await credentials.GetAsync(cancellationToken);
        Sign(request, body, creds, region, service, time.GetUtcNow().UtcDateTime);
        return await base.SendAsync(request, cancellationToken);
    }

    internal static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials creds, string region, string service, DateTime nowUtc)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("request has no URI");
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Remove("X-Amz-Security-Token");
        request.Headers.Authorization = null;
        var amzDate = SigV4Signer.FormatDate(nowUtc);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (creds.UseToken) request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", creds.Token);

        var headers = new List<KeyValuePair<string, string>> { new("host", uri.IsDefaultPort ? uri.Host : uri.Authority) };
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
            }
        }
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }
        var (canonical, signedHeaders) = SigV4Signer.Canonicalize(request.Method.Method, uri, headers, SigV4Signer.Sha256Hex(body));
        var authorization = SigV4Signer.Authorization(creds, region, service, nowUtc, signedHeaders, canonical);
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        request.Headers.Authorization = new AuthenticationHeaderValue(authorization[..space], authorization[(space + 1)..]);
    }
}
