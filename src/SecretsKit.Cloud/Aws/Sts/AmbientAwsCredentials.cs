using Amazon.Runtime;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Aws.Sts;

/// <summary>
/// The agent pod's own AWS identity, for ClusterSecretStores without <c>auth</c>, read from the agent's environment in
/// the SDK's order: static keys (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>), then
/// IRSA's projected token (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c> + <c>AWS_ROLE_ARN</c>, re-read at each exchange, as the
/// kubelet rotates it) exchanged at the store's STS endpoint; else null (the SDK's chain: container or instance role).
/// </summary>
internal static class AmbientAwsCredentials
{
    private const int MaxTokenBytes = 64 * 1024;

    public static AWSCredentials? Resolve(IEnvironment environment, Func<StsClient> sts)
    {
        if (environment.Get("AWS_ACCESS_KEY_ID") is { } keyId && environment.Get("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            return environment.Get("AWS_SESSION_TOKEN") is { } session ? new SessionAWSCredentials(keyId, secret, session) : new BasicAWSCredentials(keyId, secret);
        }
        if (environment.Get("AWS_WEB_IDENTITY_TOKEN_FILE") is { } file && environment.Get("AWS_ROLE_ARN") is { } roleArn)
        {
            return StsCredentials.WebIdentity(sts(), roleArn, ct => ReadTokenAsync(file, ct));
        }
        return null;
    }

    private static async Task<string> ReadTokenAsync(string file, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
            var buffer = new byte[MaxTokenBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
            if (read > MaxTokenBytes) throw new StoreConfigException($"AWS_WEB_IDENTITY_TOKEN_FILE is larger than {MaxTokenBytes} bytes");
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
        }
        catch (IOException e)
        {
            throw new StoreConfigException($"AWS_WEB_IDENTITY_TOKEN_FILE cannot be read: {e.GetType().Name}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new StoreConfigException("AWS_WEB_IDENTITY_TOKEN_FILE cannot be read: permission denied");
        }
    }
}
