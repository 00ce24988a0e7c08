using System.Globalization;
using System.Text;
using SecretsKit.Cloud.Aws.Http;

namespace SecretsKit.Cloud.Aws.Ecr;

/// <summary>
/// Amazon ECR's <c>GetAuthorizationToken</c> (AWS JSON 1.1, SigV4 signing name <c>ecr</c>, endpoint
/// <c>api.ecr.&lt;region&gt;.amazonaws.com</c>) and ECR Public's (signing name <c>ecr-public</c>, target prefix
/// <c>SpencerFrontendService</c>, endpoint <c>api.ecr-public.&lt;region&gt;.amazonaws.com</c>), each unless
/// <see cref="AwsClientOptions.Endpoint"/> overrides it.
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
        var (user, password, expires) = Decode(data);
        return new EcrAuthorizationToken(user, password, data.ProxyEndpoint ?? "", expires);
    }

    /// <summary>ECR Public's token (one, for every public registry; it has no proxy endpoint).</summary>
    public static async Task<EcrAuthorizationToken> GetPublicAuthorizationTokenAsync(AwsClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resolved = options with { Endpoint = options.Endpoint ?? new Uri($"https://api.ecr-public.{options.Region}.amazonaws.com/") };
        using var client = new AwsJsonClient(resolved, "ecr-public", "SpencerFrontendService", "ecr-public");
        var response = await client.InvokeAsync("GetAuthorizationToken", new GetAuthorizationTokenRequest(),
            EcrJsonContext.Default.GetAuthorizationTokenRequest, EcrJsonContext.Default.GetPublicAuthorizationTokenResponse, cancellationToken);
        var data = response.AuthorizationData ?? throw new AwsServiceException("ecr-public", "GetAuthorizationToken", 200, null, "the answer has no authorizationData");
        var (user, password, expires) = Decode(data, "ecr-public");
        return new EcrAuthorizationToken(user, password, "", expires);
    }

    private static (string User, string Password, DateTimeOffset Expires) Decode(AuthorizationData data, string service = "ecr")
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken ?? ""));
        }
        catch (FormatException)
        {
            throw new AwsServiceException(service, "GetAuthorizationToken", 200, null, "the authorization token is not base64");
        }
        if (decoded.Split(':') is not [var user, var password]) throw new AwsServiceException(service, "GetAuthorizationToken", 200, null, "unexpected token format");
        var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round((data.ExpiresAt ?? 0) * 1000));
        return (user, password, expires);
    }
}
