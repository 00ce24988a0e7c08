using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Aws.Keys;

/// <summary>
/// Chooses AWS credentials from the injected environment: an explicit <c>aws_profile</c>, then
/// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>[/<c>AWS_SESSION_TOKEN</c>], then <c>AWS_PROFILE</c>, then the
/// SDK's default chain (instance profile, container credentials, SSO …).
/// </summary>
internal static class AwsCredentialResolver
{
    public static AWSCredentials Resolve(string profile, IEnvironment environment, IClientConfig config)
    {
        if (!string.IsNullOrEmpty(profile))
        {
            return FromProfile(profile, environment);
        }
        var accessKey = environment.Get("AWS_ACCESS_KEY_ID");
        var secretKey = environment.Get("AWS_SECRET_ACCESS_KEY");
        if (accessKey is not null && secretKey is not null)
        {
            var token = environment.Get("AWS_SESSION_TOKEN");
            return token is null
                ? new BasicAWSCredentials(accessKey, secretKey)
                : new SessionAWSCredentials(accessKey, secretKey, token);
        }
        if (environment.Get("AWS_PROFILE") is { } envProfile)
        {
            return FromProfile(envProfile, environment);
        }
        return DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
    }

    private static AWSCredentials FromProfile(string profile, IEnvironment environment)
    {
        var path = environment.Get("AWS_SHARED_CREDENTIALS_FILE")
            ?? Path.Combine(environment.HomeDirectory, ".aws", "credentials");
        var file = new SharedCredentialsFile(path);
        if (file.TryGetProfile(profile, out var found)
            && AWSCredentialsFactory.TryGetAWSCredentials(found, file, out var credentials))
        {
            return credentials;
        }
        throw new ProviderException("kms", ExitCodes.CouldNotRetrieveKey,
            $"AWS profile '{profile}' not found or has no usable credentials in '{path}'");
    }
}
