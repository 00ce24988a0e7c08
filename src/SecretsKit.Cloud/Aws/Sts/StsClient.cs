using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Cloud.Http;
using CredentialsRefreshState = Amazon.Runtime.RefreshingAWSCredentials.CredentialsRefreshState;

namespace SecretsKit.Cloud.Aws.Sts;

/// <summary>
/// AWS STS, Query protocol (form POST, XML answer): <c>AssumeRoleWithWebIdentity</c> (unsigned: the token is the proof) and
/// <c>AssumeRole</c> (SigV4-signed with the caller's credentials). The endpoint defaults to the regional
/// <c>https://sts.REGION.amazonaws.com/</c>; a failure is an <see cref="AwsServiceException"/> with STS's code and message.
/// </summary>
internal sealed class StsClient(Uri endpoint, string region, CloudRetryOptions retry, TimeProvider time)
{
    /// <summary>The regional endpoint (<c>.cn</c> in China).</summary>
    public static Uri RegionalEndpoint(string region) =>
        new($"https://sts.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}/");

    public Task<CredentialsRefreshState> AssumeRoleWithWebIdentityAsync(string roleArn, string sessionName, string token, CancellationToken ct)
    {
        var form = new List<(string, string)>
        {
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("RoleSessionName", sessionName),
            ("WebIdentityToken", token),
        };
        return SendAsync(null, "AssumeRoleWithWebIdentity", roleArn, form, ct);
    }

    public Task<CredentialsRefreshState> AssumeRoleAsync(AWSCredentials? caller, AssumeRoleRequest request, CancellationToken ct)
    {
        var form = new List<(string, string)>
        {
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", request.RoleArn), ("RoleSessionName", request.SessionName),
        };
        if (!string.IsNullOrEmpty(request.ExternalId)) form.Add(("ExternalId", request.ExternalId));
        var i = 0;
        foreach (var (key, value) in request.Tags)
        {
            i++;
            form.Add(($"Tags.member.{i}.Key", key));
            form.Add(($"Tags.member.{i}.Value", value));
        }
        for (var t = 0; t < request.TransitiveTagKeys.Count; t++) form.Add(($"TransitiveTagKeys.member.{t + 1}", request.TransitiveTagKeys[t]));
        return SendAsync(new AwsCredentialProvider(caller, "aws-sts"), "AssumeRole", request.RoleArn, form, ct);
    }

    /// <param name="signer">The caller's credentials (null: the call is not signed).</param>
    private async Task<CredentialsRefreshState> SendAsync(AwsCredentialProvider? signer, string action, string roleArn, List<(string Key, string Value)> form, CancellationToken ct)
    {
        var body = string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        using var http = CreateClient(signer);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new AwsServiceException("aws-sts", $"{action} for role '{roleArn}'", 0, null, $"no response from {endpoint.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var xml = TryParse(text);
            string? Find(string name) => xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            if (!response.IsSuccessStatusCode)
            {
                throw new AwsServiceException("aws-sts", $"{action} for role '{roleArn}'", (int)response.StatusCode, Find("Code"), Find("Message"));
            }
            var expiration = Find("Expiration");
            if (Find("AccessKeyId") is not { Length: > 0 } id || Find("SecretAccessKey") is not { } secret || expiration is null)
            {
                throw new AwsServiceException("aws-sts", $"{action} for role '{roleArn}'", (int)response.StatusCode, null, "the answer holds no credentials");
            }
            var expires = DateTime.Parse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            return new CredentialsRefreshState(new ImmutableCredentials(id, secret, Find("SessionToken") ?? ""), expires);
        }
    }

    private HttpClient CreateClient(AwsCredentialProvider? signer)
    {
#pragma warning disable CA2000 // the handler chain is owned by the returned HttpClient
        HttpMessageHandler transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (signer is not null) transport = new SigV4Handler(signer, region, "sts", time, transport);
        return new HttpClient(new ResilientHttpHandler(retry, transport)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
    }

    private static XDocument? TryParse(string text)
    {
        try
        {
            return XDocument.Parse(text);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
