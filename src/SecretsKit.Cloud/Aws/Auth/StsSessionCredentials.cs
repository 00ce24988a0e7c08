namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>Temporary credentials from STS <c>GetSessionToken</c>. <see cref="ToString"/> never shows the secret parts.</summary>
public sealed record StsSessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    public override string ToString() => $"StsSessionCredentials({AccessKeyId}, expires {Expiration:O})";
}
