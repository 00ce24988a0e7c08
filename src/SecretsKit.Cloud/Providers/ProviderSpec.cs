using System.Text.Json.Nodes;

namespace SecretsKit.Cloud.Providers;

/// <summary>One store to build: its name (for messages), its <c>spec.provider.&lt;name&gt;</c> section, where secret references are read, and client settings.</summary>
public sealed record ProviderSpec(string StoreName, JsonObject Spec, IStoreCredentials Credentials, ProviderContext Context)
{
    /// <summary>
    /// False for a tenant's namespaced store: it may not use the agent's own identity, neither its service-account token
    /// (Vault <c>auth.kubernetes</c> without <c>serviceAccountRef</c> or <c>secretRef</c>), which could read every Secret
    /// the agent can, nor its ambient cloud identity (an AWS store without <c>auth</c>).
    /// </summary>
    public bool MayUseAgentServiceAccount { get; init; } = true;

    /// <summary>Tokens and annotations of the ServiceAccounts the spec names (<c>serviceAccountRef</c>).</summary>
    public IServiceAccountTokens ServiceAccounts { get; init; } = NoServiceAccountTokens.Instance;
}
