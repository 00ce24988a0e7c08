using System.Collections.Concurrent;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Aws.Keys;

/// <summary>
/// Builds <see cref="AmazonKeyManagementServiceClient"/>s for one ARN: region from the ARN, endpoint override from
/// <c>AWS_ENDPOINT_URL_KMS</c> / <c>AWS_ENDPOINT_URL</c>, credentials from the context, role via STS. Retries run in
/// the shared <see cref="Cloud.Http.ResilientHttpHandler"/> under the SDK (the SDK's own retry ignores <c>Retry-After</c>),
/// so KMS backs off exactly like every other cloud client.
/// </summary>
internal sealed class KmsClientFactory(KeySourceContext context, CloudKeyOptions options)
{
    private readonly ConcurrentDictionary<(string Role, string Profile, string Region), AWSCredentials> _credentials = new();

    public AmazonKeyManagementServiceClient Create(string arn, string role, string profile)
    {
        var region = KmsArn.Region(arn);
        var config = new AmazonKeyManagementServiceConfig
        {
            MaxErrorRetry = 0,
            // Each attempt has RequestTimeout in the retry handler; the SDK's limit covers all attempts and their waits.
            Timeout = options.RequestTimeout * (options.MaxRetries + 1) + options.RetryMaxDelay * options.MaxRetries,
            IgnoreConfiguredEndpointUrls = true,
            HttpClientFactory = new RetryingHttpClientFactory(options, context.Time),
        };
        if (Endpoint("KMS") is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        var credentials = _credentials.GetOrAdd((role, profile, region), key => Credentials(key.Role, key.Profile, key.Region, config));
        return new AmazonKeyManagementServiceClient(credentials, config);
    }

    private AWSCredentials Credentials(string role, string profile, string region, IClientConfig config)
    {
        var source = AwsCredentialResolver.Resolve(profile, context.Environment, config);
        if (string.IsNullOrEmpty(role))
        {
            return source;
        }
        var sts = new Uri(Endpoint("STS") ?? $"https://sts.{region}.amazonaws.com/");
        return new StsAssumeRoleCredentials(source, role, region, sts, options, context.Time);
    }

    private string? Endpoint(string service) =>
        context.Environment.Get("AWS_ENDPOINT_URL_" + service) ?? context.Environment.Get("AWS_ENDPOINT_URL");

    private sealed class RetryingHttpClientFactory(CloudKeyOptions options, TimeProvider time) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => options.CreateRetryingClient(time);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }
}
