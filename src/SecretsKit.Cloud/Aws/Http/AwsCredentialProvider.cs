using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Aws.Http;

/// <summary>
/// Credentials for signing: the given <see cref="AWSCredentials"/>, else AWSSDK.Core's default chain (environment,
/// shared profile, web identity / IRSA, container and instance metadata), resolved once and refreshed by the SDK.
/// </summary>
internal sealed class AwsCredentialProvider(AWSCredentials? explicitCredentials, string provider)
{
    private AWSCredentials? _credentials = explicitCredentials;

    public async Task<ImmutableCredentials> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            _credentials ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null!);
            return await _credentials.GetCredentialsAsync();
        }
        catch (AmazonClientException ex)
        {
            // one line: the SDK's message lists every provider of the chain with its own exception (SECRETSKIT_DEBUG shows it)
            throw new ProviderException(provider, ExitCodes.Generic,
                "no AWS credentials found (tried the environment, the shared config and credentials files, web identity, container and instance metadata)",
                "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with an IAM role (IRSA, instance profile)", ex);
        }
    }
}
