namespace SecretsKit.Cloud.Gcp;

/// <summary>Supplies OAuth 2 bearer tokens for Cloud KMS calls.</summary>
internal abstract class GcpTokenSource
{
    public abstract ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>A fixed token from <c>GOOGLE_OAUTH_ACCESS_TOKEN</c>.</summary>
internal sealed class StaticGcpTokenSource(string token) : GcpTokenSource
{
    public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
}
