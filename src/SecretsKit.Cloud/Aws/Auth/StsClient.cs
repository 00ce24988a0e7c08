using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// AWS STS, Query protocol (form POST, XML answer), shaped like the SDK's client: <c>AssumeRole</c> and
/// <c>GetSessionToken</c> are SigV4-signed (service <c>sts</c>) with <see cref="AwsClientOptions.Credentials"/> (null: the
/// SDK's default chain); <c>AssumeRoleWithWebIdentity</c> is never signed (the token is the proof). The endpoint is
/// <see cref="AwsClientOptions.Endpoint"/>, else the regional <c>https://sts.REGION.amazonaws.com/</c> (<c>.cn</c> in China).
/// A failure is an <see cref="AwsServiceException"/> with STS's code and message.
/// </summary>
public sealed class StsClient(AwsClientOptions options)
{
    private const int MaxResponseBytes = 1 << 20;
    private readonly AwsClientOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly Uri _endpoint = options.ResolveEndpoint("sts");

    /// <summary>The region's own STS endpoint, the one a client without an endpoint override calls.</summary>
    public static Uri RegionalEndpoint(string region) => new AwsClientOptions { Region = region }.ResolveEndpoint("sts");

    public Task<StsSessionCredentials> AssumeRoleAsync(AssumeRoleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("AssumeRole", ("RoleArn", request.RoleArn), ("RoleSessionName", request.SessionName));
        if (!string.IsNullOrEmpty(request.ExternalId)) form.Add(("ExternalId", request.ExternalId));
        for (var i = 0; i < request.Tags.Count; i++)
        {
            form.Add(($"Tags.member.{i + 1}.Key", request.Tags[i].Key));
            form.Add(($"Tags.member.{i + 1}.Value", request.Tags[i].Value));
        }
        for (var t = 0; t < request.TransitiveTagKeys.Count; t++) form.Add(($"TransitiveTagKeys.member.{t + 1}", request.TransitiveTagKeys[t]));
        return SendAsync(signed: true, $"AssumeRole for role '{request.RoleArn}'", form, cancellationToken);
    }

    public Task<StsSessionCredentials> AssumeRoleWithWebIdentityAsync(AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("AssumeRoleWithWebIdentity", ("RoleArn", request.RoleArn), ("RoleSessionName", request.SessionName), ("WebIdentityToken", request.WebIdentityToken));
        return SendAsync(signed: false, $"AssumeRoleWithWebIdentity for role '{request.RoleArn}'", form, cancellationToken);
    }

    public Task<StsSessionCredentials> GetSessionTokenAsync(GetSessionTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = Form("GetSessionToken");
        if (request.DurationSeconds is { } d) form.Add(("DurationSeconds", d.ToString(CultureInfo.InvariantCulture)));
        if (request.SerialNumber is { Length: > 0 } serial) form.Add(("SerialNumber", serial));
        if (request.TokenCode is { Length: > 0 } code) form.Add(("TokenCode", code));
        return SendAsync(signed: true, "GetSessionToken", form, cancellationToken);
    }

    private static List<(string Key, string Value)> Form(string action, params (string, string)[] fields) =>
        [("Action", action), ("Version", "2011-06-15"), .. fields];

    private async Task<StsSessionCredentials> SendAsync(bool signed, string operation, List<(string Key, string Value)> form, CancellationToken ct)
    {
        var body = string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        using var http = CreateClient(signed);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new AwsServiceException("aws-sts", operation, 0, null, $"no response from {_endpoint.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);
        }
        using (response)
        {
            var bytes = await BoundedBody.ReadAsync(response, MaxResponseBytes,
                () => new AwsServiceException("aws-sts", operation, (int)response.StatusCode, null, "response larger than 1 MiB"), ct);
            var xml = Parse(bytes);
            string? Find(string name) => xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            if (!response.IsSuccessStatusCode) throw new AwsServiceException("aws-sts", operation, (int)response.StatusCode, Find("Code"), Find("Message"));
            if (Find("AccessKeyId") is not { Length: > 0 } id || Find("SecretAccessKey") is not { } secret
                || !DateTimeOffset.TryParse(Find("Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var expires))
            {
                throw new AwsServiceException("aws-sts", operation, (int)response.StatusCode, null, "the answer holds no credentials");
            }
            return new StsSessionCredentials(id, secret, Find("SessionToken") ?? "", expires);
        }
    }

    private HttpClient CreateClient(bool signed)
    {
#pragma warning disable CA2000 // the handler chain is owned by the returned HttpClient
        HttpMessageHandler transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (signed) transport = new SigV4Handler(new AwsCredentialProvider(_options.Credentials, "aws-sts"), _options.Region, "sts", _options.Time, transport);
        return new HttpClient(new ResilientHttpHandler(_options.Retry, transport)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
    }

    private static XDocument? Parse(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxResponseBytes });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
