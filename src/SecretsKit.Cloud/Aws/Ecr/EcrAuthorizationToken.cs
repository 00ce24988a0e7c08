namespace SecretsKit.Cloud.Aws.Ecr;

/// <summary>A registry login from ECR's GetAuthorizationToken: the decoded <c>user:password</c>, the registry and the expiry.</summary>
public sealed record EcrAuthorizationToken(string Username, string Password, string ProxyEndpoint, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"EcrAuthorizationToken({Username}@{ProxyEndpoint}, expires {ExpiresAt:O})";
}
