using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// One Vault auth method of a store: its key under <c>spec.provider.vault.auth</c>, the field paths it supports (below
/// that key) and how its login is built from the spec. A section that is not an object matches only a leaf method
/// (<c>tokenSecretRef</c>). Listed once in <see cref="VaultAuthMethods.All"/>.
/// </summary>
internal sealed record VaultAuthSpec(string Key, IReadOnlyList<string> Fields,
    Func<ProviderSpec, JsonNode, CancellationToken, Task<VaultAuthMethod>> CreateAsync, bool Leaf = false)
{
    /// <summary>ESO's lifetime of a ServiceAccount token minted for a Vault login.</summary>
    public const long TokenSeconds = 600;

    /// <summary>The <c>auth.…</c> paths of this method: its key, then each field below it.</summary>
    public IEnumerable<string> Paths => [$"auth.{Key}", .. Fields.Select(f => $"auth.{Key}.{f}")];

    /// <summary>Whether <paramref name="section"/> (the value at <c>auth.Key</c>) selects this method.</summary>
    public bool Matches(JsonNode? section) => section is JsonObject || (Leaf && section is not null);
}
