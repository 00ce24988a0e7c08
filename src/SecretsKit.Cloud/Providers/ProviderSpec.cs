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

    /// <summary>The store's kind as ESO names it: <c>SecretStore</c> or <c>ClusterSecretStore</c>.</summary>
    public string StoreKind { get; init; } = "SecretStore";

    /// <summary>
    /// The namespace the client acts for: a SecretStore's own, or, for a ClusterSecretStore whose client is built per
    /// namespace (ESO's referent auth), the ExternalSecret's. Null: not known (a ClusterSecretStore shared by all).
    /// </summary>
    public string? Namespace { get; init; }
}
