using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// The table of <c>spec.provider.azurekv.authType</c> values in ESO's order, the first being ESO's default. The
/// provider's supported auth fields, its accepted <c>authType</c> values and the error for any other come from it; a new
/// method is one file plus one row here.
/// </summary>
internal static class AzureAuthMethods
{
    public static IReadOnlyList<AzureAuthSpec> All { get; } =
    [
        AzureServicePrincipalAuth.Spec,
        AzureManagedIdentityAuth.Spec,
        AzureWorkloadIdentityAuth.Spec,
    ];

    /// <summary>Every method's fields, each once, for the provider's supported fields.</summary>
    public static IReadOnlyList<string> Fields { get; } = [.. All.SelectMany(m => m.Fields).Distinct(StringComparer.Ordinal)];

    /// <summary>The error for an <c>authType</c> the table does not have.</summary>
    public static string UnknownAuthType(string store, string authType) =>
        $"store {store}: spec.provider.azurekv.authType '{Echo.Bounded(authType)}' is not {Alternatives.Or(All.Select(m => m.AuthType))}";

    /// <summary>The method <paramref name="authType"/> names (none: ESO's default), or null when the table has no such method.</summary>
    public static AzureAuthSpec? Find(string? authType) => authType is null ? All[0] : All.FirstOrDefault(m => m.AuthType == authType);

    /// <summary>The method the store's <c>authType</c> names, or a <see cref="StoreConfigException"/> naming every method.</summary>
    public static AzureAuthSpec Of(ProviderSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var authType = SpecJson.Str(spec.Spec["authType"]);
        return Find(authType) ?? throw new StoreConfigException(UnknownAuthType(spec.StoreName, authType!));
    }
}
