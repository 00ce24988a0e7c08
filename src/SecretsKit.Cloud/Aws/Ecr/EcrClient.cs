using System.Globalization;
using System.Text;
using SecretsKit.Cloud.Aws.Signing;

namespace SecretsKit.Cloud.Aws.Ecr;

/// <summary>
/// Amazon ECR's <c>GetAuthorizationToken</c> (AWS JSON 1.1, SigV4 signing name <c>ecr</c>, endpoint
/// <c>api.ecr.&lt;region&gt;.amazonaws.com</c> unless <see cref="AwsClientOptions.Endpoint"/> overrides it).
/// </summary>
public static class EcrClient
{
    public static async Task<EcrAuthorizationToken> GetAuthorizationTokenAsync(AwsClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resolved = options with { Endpoint = options.Endpoint ?? new Uri($"https://api.ecr.{options.Region}.amazonaws.com/") };
        using var client = new AwsJsonClient(resolved, "ecr", "AmazonEC2ContainerRegistry_V20150921", "ecr");
        var response = await client.InvokeAsync("GetAuthorizationToken", new GetAuthorizationTokenRequest(),
            EcrJsonContext.Default.GetAuthorizationTokenRequest, EcrJsonContext.Default.GetAuthorizationTokenResponse, cancellationToken);
        if (response.AuthorizationData is not [var data])
        {
            throw new AwsServiceException("ecr", "GetAuthorizationToken", 200, null,
                string.Create(CultureInfo.InvariantCulture, $"unexpected number of authorization tokens. expected 1, found {response.AuthorizationData?.Count ?? 0}"));
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken ?? ""));
        }
        catch (FormatException)
        {
            throw new AwsServiceException("ecr", "GetAuthorizationToken", 200, null, "the authorization token is not base64");
        }
        if (decoded.Split(':') is not [var user, var password]) throw new AwsServiceException("ecr", "GetAuthorizationToken", 200, null, "unexpected token format");
        var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round((data.ExpiresAt ?? 0) * 1000));
        return new EcrAuthorizationToken(user, password, data.ProxyEndpoint ?? "", expires);
    }
}
