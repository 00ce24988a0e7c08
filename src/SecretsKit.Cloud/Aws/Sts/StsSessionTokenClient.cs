using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Aws.Sts;

/// <summary>
/// STS <c>GetSessionToken</c> (the query API: a form POST, SigV4 signing name <c>sts</c>, an XML answer) with the
/// caller's long-term keys, optionally for an MFA device (<c>SerialNumber</c> + <c>TokenCode</c>) and a duration.
/// The endpoint is <c>sts.&lt;region&gt;.amazonaws.com</c> unless <paramref name="endpoint"/> overrides it.
/// </summary>
public static class StsSessionTokenClient
{
    private const int MaxResponseBytes = 1 << 20;

    public static async Task<StsSessionCredentials> GetSessionTokenAsync(AWSCredentials credentials, string region, Uri? endpoint,
        int? durationSeconds, string? serialNumber, string? tokenCode, CloudRetryOptions retry, TimeProvider time, CancellationToken cancellationToken)
    {
        var form = new StringBuilder("Action=GetSessionToken&Version=2011-06-15");
        if (durationSeconds is { } d) form.Append(CultureInfo.InvariantCulture, $"&DurationSeconds={d}");
        if (serialNumber is { Length: > 0 }) form.Append("&SerialNumber=").Append(Uri.EscapeDataString(serialNumber));
        if (tokenCode is { Length: > 0 }) form.Append("&TokenCode=").Append(Uri.EscapeDataString(tokenCode));
        var target = endpoint ?? new Uri($"https://sts.{region}.amazonaws.com/");
#pragma warning disable CA2000 // the handler chain is owned by the client, disposed below
        var signer = new SigV4Handler(new AwsCredentialProvider(credentials, "sts"), region, "sts", time, new SocketsHttpHandler());
        using var http = new HttpClient(new ResilientHttpHandler(retry, signer)) { Timeout = TimeSpan.FromSeconds(30) };
#pragma warning restore CA2000
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form.ToString())) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AwsServiceException("sts", "GetSessionToken", 0, null, $"no response from {target.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (bytes.Length > MaxResponseBytes) throw new AwsServiceException("sts", "GetSessionToken", (int)response.StatusCode, null, "response larger than 1 MiB");
            var xml = Parse(bytes);
            if (!response.IsSuccessStatusCode)
            {
                throw new AwsServiceException("sts", "GetSessionToken", (int)response.StatusCode, Element(xml, "Code"), Element(xml, "Message"));
            }
            var expiration = Element(xml, "Expiration");
            if (Element(xml, "AccessKeyId") is not { } id || Element(xml, "SecretAccessKey") is not { } secret || Element(xml, "SessionToken") is not { } token
                || !DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                throw new AwsServiceException("sts", "GetSessionToken", (int)response.StatusCode, null, "no credentials found");
            }
            return new StsSessionCredentials(id, secret, token, expires);
        }
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

    private static string? Element(XDocument? xml, string name) =>
        xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
