using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Aws.Keys;

/// <summary>
/// Credentials obtained by calling STS <c>AssumeRole</c> (query API, SigV4-signed with the base credentials), with
/// session name <c>sops@&lt;hostname&gt;</c> like sops. AWSSDK.Core has no STS client, hence this small call, made through
/// the shared retry handler and <see cref="SigV4Handler"/> (which re-signs every attempt).
/// </summary>
internal sealed partial class StsAssumeRoleCredentials : RefreshingAWSCredentials
{
    private readonly string _roleArn;
    private readonly Uri _endpoint;
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed",
        Justification = "The credentials are cached by KmsClientFactory for the process lifetime and never disposed; so is this client.")]
    private readonly HttpClient _http;

    public StsAssumeRoleCredentials(AWSCredentials source, string roleArn, string region, Uri endpoint,
        CloudKeyOptions options, TimeProvider time)
    {
        _roleArn = roleArn;
        _endpoint = endpoint;
        _http = options.CreateRetryingClient(time,
            transport => new SigV4Handler(new AwsCredentialProvider(source, "kms"), region, "sts", time, transport));
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
        var body = Encoding.UTF8.GetBytes(
            "Action=AssumeRole&Version=2011-06-15" +
            "&RoleArn=" + Uri.EscapeDataString(_roleArn) +
            "&RoleSessionName=" + Uri.EscapeDataString(SessionName(Environment.MachineName)));

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType =
            new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        using var response = await _http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);

        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderException("kms", ExitCodes.CouldNotRetrieveKey,
                $"assuming role '{_roleArn}' via STS failed: HTTP {(int)response.StatusCode} {ErrorCode(text)}".TrimEnd());
        }

        var credentials = XDocument.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials")
            ?? throw new ProviderException("kms", ExitCodes.CouldNotRetrieveKey,
                $"STS AssumeRole for '{_roleArn}' returned no credentials");
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
