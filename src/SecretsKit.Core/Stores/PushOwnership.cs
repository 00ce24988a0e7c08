namespace SecretsKit.Core.Stores;

/// <summary>
/// The marker every store writer puts on a remote secret it creates (Vault KV v2 <c>custom_metadata</c>, AWS tags, GCP
/// labels, Azure tags): <c>managed-by: secretskit</c>. A writer overwrites or deletes only secrets carrying it, so one
/// tenant's PushSecret cannot take over a secret that someone else created in a shared store.
/// </summary>
public static class PushOwnership
{
    public const string Key = "managed-by";
    public const string Value = "secretskit";

    /// <summary>Whether these tags / labels / metadata mark the secret as created by this agent.</summary>
    public static bool IsManaged(IReadOnlyDictionary<string, string>? tags) =>
        tags is not null && tags.TryGetValue(Key, out var value) && value == Value;

    /// <summary>The refusal to overwrite a remote secret the agent did not create.</summary>
    public static SecretNotManagedException NotManaged(string provider, string key) => new(provider, key);
}
