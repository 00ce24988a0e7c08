using Amazon.Runtime;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// The agent pod's own AWS identity, for ClusterSecretStores without <c>auth</c>, read from the agent's environment in
/// the SDK's order: static keys (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), then
/// IRSA's projected token (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c> + <c>AWS_ROLE_ARN</c>, re-read at each exchange, as the
/// kubelet rotates it) exchanged at the store's STS endpoint, then the container endpoint (EKS Pod Identity, ECS task
/// roles: <see cref="ContainerCredentials"/>); else null (the SDK's chain: instance role).
/// </summary>
internal static class AmbientAwsCredentials
{
    /// <summary>What the variables of <see cref="Resolve"/> are, for a message saying none is set.</summary>
    public const string Variables = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, "
        + "or AWS_CONTAINER_CREDENTIALS_FULL_URI / AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";

    /// <param name="environment">The agent's environment.</param>
    /// <param name="sts">The STS client a web identity is exchanged at.</param>
    /// <param name="retry">Retries of the container endpoint.</param>
    /// <param name="time">The clock container credentials are kept by.</param>
    /// <param name="ecsHost">Replaces 169.254.170.2 for a relative container URI (tests only).</param>
    public static AWSCredentials? Resolve(IEnvironment environment, Func<StsClient> sts, CloudRetryOptions? retry = null, TimeProvider? time = null, Uri? ecsHost = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Get("AWS_ACCESS_KEY_ID") is { } keyId && environment.Get("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            return environment.Get("AWS_SESSION_TOKEN") is { } session ? new SessionAWSCredentials(keyId, secret, session) : new BasicAWSCredentials(keyId, secret);
        }
        if (environment.Get("AWS_WEB_IDENTITY_TOKEN_FILE") is { } file && environment.Get("AWS_ROLE_ARN") is { } roleArn)
        {
            return StsCredentials.WebIdentity(sts(), roleArn, ct => AwsTokenFile.ReadAsync(file, "AWS_WEB_IDENTITY_TOKEN_FILE", ct));
        }
        return ContainerCredentials.FromEnvironment(environment, retry, time, ecsHost);
    }
}
