namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>A fixed token from <c>GOOGLE_OAUTH_ACCESS_TOKEN</c>.</summary>
internal sealed class StaticGcpTokenSource(string token) : GcpTokenSource
{
    public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
}
