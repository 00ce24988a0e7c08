using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.SecretsManager;
using SecretsKit.Cloud.Aws.Stores.Ssm;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cloud.Tests.Aws;

/// <summary>Builds real AWS clients pointed at a fake, with known credentials the fake verifies.</summary>
internal static class AwsTestClients
{
    public const string AccessKey = "AKIDSECRETSKITTEST";
    public const string SecretKey = "test/secret/key/that/must/never/appear";

    public static AwsClientOptions Options(FakeAwsJsonServer server, CloudRetryOptions? retry = null, AWSCredentials? credentials = null)
    {
        server.ExpectCredentials(AccessKey, SecretKey);
        return new AwsClientOptions
        {
            Region = server.Region,
            Endpoint = server.BaseAddress,
            Credentials = credentials ?? new BasicAWSCredentials(AccessKey, SecretKey),
            Retry = retry ?? new CloudRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
        };
    }

    public static SecretsManagerClient SecretsManager(FakeAwsJsonServer server, CloudRetryOptions? retry = null) => new(Options(server, retry));

    public static ParameterStoreClient Ssm(FakeAwsJsonServer server, CloudRetryOptions? retry = null) => new(Options(server, retry));
}
