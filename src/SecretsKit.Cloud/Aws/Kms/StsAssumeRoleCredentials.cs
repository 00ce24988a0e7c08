using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Amazon.Runtime;
using Polly;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Aws.Kms;

/// <summary>
/// Credentials obtained by calling STS <c>AssumeRole</c> (query API, SigV4-signed with the base credentials), with
/// session name <c>sops@&lt;hostname&gt;</c> like sops. AWSSDK.Core has no STS client, hence this small call.
/// </summary>
internal sealed partial class StsAssumeRoleCredentials : RefreshingAWSCredentials
{
    private readonly AWSCredentials _source;
    private readonly string _roleArn;
    private readonly string _region;
    private readonly Uri _endpoint;
    private readonly HttpMessageHandler? _handler;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly TimeProvider _time;

    public StsAssumeRoleCredentials(AWSCredentials source, string roleArn, string region, Uri endpoint,
        HttpMessageHandler? handler, CloudKeyOptions options, TimeProvider time)
    {
        _source = source;
        _roleArn = roleArn;
        _region = region;
        _endpoint = endpoint;
        _handler = handler;
        _time = time;
        _retry = CloudRetryPipeline.Create(options, time);
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    [GeneratedRegex(@"[^\w+=,.@-]")]
    private static partial Regex InvalidSessionChars();

    /// <summary><c>sops@&lt;hostname&gt;</c>, reduced to the characters STS accepts and to 64 characters.</summary>
    public static string SessionName(string hostname)
    {
        var name = "sops@" + InvalidSessionChars().Replace(hostname, "");
        return name.Length > 64 ? name[..64] : name;
    }

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var baseCredentials = await _source.GetCredentialsAsync().ConfigureAwait(false);
        var body = Encoding.UTF8.GetBytes(
            "Action=AssumeRole&Version=2011-06-15" +
            "&RoleArn=" + Uri.EscapeDataString(_roleArn) +
            "&RoleSessionName=" + Uri.EscapeDataString(SessionName(Environment.MachineName)));

        using var http = _handler is null ? new HttpClient() : new HttpClient(_handler, disposeHandler: false);
        using var response = await _retry.ExecuteAsync(async ct =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType =
                new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
            AwsSigV4.Sign(request, body, baseCredentials, _region, "sts", _time.GetUtcNow());
            return await http.SendAsync(request, ct).ConfigureAwait(false);
        }, CancellationToken.None).ConfigureAwait(false);

        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SecretsKitException(ExitCodes.CouldNotRetrieveKey,
                $"kms: assuming role '{_roleArn}' via STS failed: HTTP {(int)response.StatusCode} {ErrorCode(text)}".TrimEnd());
        }

        var credentials = XDocument.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials")
            ?? throw new SecretsKitException(ExitCodes.CouldNotRetrieveKey,
                $"kms: STS AssumeRole for '{_roleArn}' returned no credentials");
        string Value(string name) =>
            credentials.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        var expiration = DateTime.Parse(Value("Expiration"), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return new CredentialsRefreshState(
            new ImmutableCredentials(Value("AccessKeyId"), Value("SecretAccessKey"), Value("SessionToken")), expiration);
    }

    private static string ErrorCode(string body)
    {
        try
        {
            return XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? "";
        }
        catch (System.Xml.XmlException)
        {
            return "";
        }
    }
}
