using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// The table of Vault auth methods a store may name, in ESO's order of precedence. The provider's supported fields and
/// the error for a store that names none are generated from it; a new method is one file plus one row here.
/// </summary>
internal static class VaultAuthMethods
{
    public static IReadOnlyList<VaultAuthSpec> All { get; } =
    [
        VaultTokenAuth.Spec,
        VaultAppRoleAuth.Spec,
        VaultKubernetesAuth.Spec,
        VaultJwtAuth.Spec,
        VaultIamStoreAuth.Spec,
        VaultGcpStoreAuth.Spec,
        VaultCertAuth.Spec,
        VaultUserPassAuth.UserPassSpec,
        VaultUserPassAuth.LdapSpec,
    ];

    /// <summary><c>auth</c> and every method's field paths.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["auth", .. All.SelectMany(m => m.Paths)];

    /// <summary>The error for an <c>auth</c> section that names no method.</summary>
    public static string MissingAuth(string store) =>
        $"store {store}: spec.provider.vault.auth needs {string.Join(", ", All.Take(All.Count - 1).Select(m => m.Key))} or {All[^1].Key}";

    /// <summary>The login of the first method the section names.</summary>
    public static Task<VaultAuthMethod> CreateAsync(ProviderSpec spec, JsonObject auth, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(auth);
        foreach (var method in All)
        {
            if (method.Matches(auth[method.Key])) return method.CreateAsync(spec, auth[method.Key]!, ct);
        }
        throw new StoreConfigException(MissingAuth(spec.StoreName));
    }
}
