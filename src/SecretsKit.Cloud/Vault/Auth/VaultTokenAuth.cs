using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>A fixed token (<c>VAULT_TOKEN</c>, <c>~/.vault-token</c> or a Kubernetes secret). Not renewed; a denial is final.</summary>
public sealed class VaultTokenAuth : VaultAuthMethod
{
    private readonly string _token;

    public VaultTokenAuth(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token.Trim();
    }

    /// <summary><c>auth.tokenSecretRef</c>: the token in a Secret.</summary>
    internal static VaultAuthSpec Spec { get; } = new("tokenSecretRef", [],
        async (spec, tokenRef, ct) => new VaultTokenAuth(await spec.Credentials.ReadAsync(tokenRef, "auth.tokenSecretRef", ct)), Leaf: true);

    public override string Description => "token auth";

    internal override bool CanLogin => false;

    internal override Task<VaultAuthToken> LoginAsync(Http.VaultClient client, CancellationToken cancellationToken) =>
        Task.FromResult(new VaultAuthToken(_token, TimeSpan.Zero, Renewable: false));
}
