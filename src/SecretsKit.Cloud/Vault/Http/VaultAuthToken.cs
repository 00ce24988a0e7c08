namespace SecretsKit.Cloud.Vault.Http;

/// <summary>A Vault client token with its lease. <see cref="ToString"/> never shows the token.</summary>
internal sealed record VaultAuthToken(string Token, TimeSpan LeaseDuration, bool Renewable)
{
    public override string ToString() => $"VaultAuthToken(lease {LeaseDuration}, renewable {Renewable})";
}
