namespace SecretsKit.Cloud.HuaweiCloud.Http;

/// <summary>
/// Signs every attempt (below the retry policy, so each retry carries a fresh <c>X-Sdk-Date</c>): adds
/// <c>X-Sdk-Date</c>, <c>X-Project-Id</c> and, for temporary credentials, <c>X-Security-Token</c>, then the
/// <c>Authorization</c> header over host, content type and those headers.
/// </summary>
internal sealed class HuaweiCloudSigningHandler(Func<HuaweiCloudCredentials> credentials, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var creds = credentials();
        var uri = request.RequestUri ?? throw new InvalidOperationException("request has no URI");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var date = HuaweiCloudSigner.FormatDate(time.GetUtcNow());

        request.Headers.Remove("X-Sdk-Date");
        request.Headers.Remove("X-Project-Id");
        request.Headers.Remove("X-Security-Token");
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
        request.Headers.TryAddWithoutValidation("X-Project-Id", creds.ProjectId);
        var signed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-sdk-date"] = date,
            ["x-project-id"] = creds.ProjectId,
        };
        if (request.Content?.Headers.ContentType is { } contentType) signed["content-type"] = contentType.ToString();
        if (creds.SecurityToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("X-Security-Token", token);
            signed["x-security-token"] = token;
        }
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            HuaweiCloudSigner.Authorize(creds.AccessKey, creds.SecretKey, request.Method.Method, uri, signed, body, date));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
