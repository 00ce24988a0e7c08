using System.Text.Json.Nodes;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// The provider fields this agent implements, as each registered provider declares them; anything else is accepted
/// but reported (Ready=False, field named).
/// </summary>
internal static class ProviderValidation
{
    /// <summary>Store-level fields the agent honours (<c>refreshInterval</c>: stores are re-validated every pass anyway).</summary>
    private static readonly string[] StoreFields = ["controller", "provider", "conditions", "refreshInterval"];

    private static readonly SecretStoreProviders Builtin = SecretStoreProviders.CreateDefault();

    /// <summary><see cref="FirstUnsupported(StoreResource, SecretStoreProviders)"/> against the built-in providers.</summary>
    public static string? FirstUnsupported(StoreResource store) => FirstUnsupported(store, Builtin);

    /// <summary>The first unsupported field as <c>spec.X</c> or <c>spec.provider.X.path</c>, or null when all are supported.</summary>
    public static string? FirstUnsupported(StoreResource store, SecretStoreProviders registry)
    {
        if (store.Raw["spec"] is JsonObject spec)
        {
            if (spec.FirstOrDefault(kv => kv.Value is not null && !StoreFields.Contains(kv.Key)).Key is { } extra) return "spec." + extra;
            if (spec["provider"] is JsonObject all && all.Where(kv => kv.Value is JsonObject).Skip(1).FirstOrDefault().Key is { } second)
            {
                return "spec.provider." + second;
            }
        }
        if (registry.Find(store.ProviderName) is not { } provider) return $"spec.provider.{store.ProviderName}";
        var prefix = $"spec.provider.{provider.Name}.";
        return Walk(store.ProviderSpec, "", provider.Fields) is { } bad ? prefix + bad
            : provider.UnsupportedValue(store.ProviderSpec) is { } value ? prefix + value
            : null;
    }

    private static string? Walk(JsonObject obj, string prefix, IReadOnlyList<string> fields)
    {
        foreach (var (k, v) in obj)
        {
            var path = prefix.Length == 0 ? k : prefix + "." + k;
            if (!fields.Contains(path)) return path;
            // descend only into sections whose children are listed (secretRefs themselves are leaves)
            if (v is JsonObject child && fields.Any(f => f.StartsWith(path + ".", StringComparison.Ordinal)) && Walk(child, path, fields) is { } bad)
            {
                return bad;
            }
        }
        return null;
    }
}
