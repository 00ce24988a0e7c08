using System.Text.Json.Nodes;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.Providers;

/// <summary>The provider fields this agent implements; anything else is accepted but reported (Ready=False, field named).</summary>
internal static class ProviderValidation
{
    private static readonly Dictionary<string, string[]> Supported = new(StringComparer.Ordinal)
    {
        ["vault"] = ["server", "path", "version", "namespace", "auth", "auth.tokenSecretRef", "auth.appRole", "auth.appRole.path",
            "auth.appRole.roleId", "auth.appRole.roleRef", "auth.appRole.secretRef", "auth.kubernetes", "auth.kubernetes.mountPath",
            "auth.kubernetes.role", "auth.kubernetes.secretRef"],
        ["aws"] = ["service", "region", "auth", "auth.secretRef", "auth.secretRef.accessKeyIDSecretRef",
            "auth.secretRef.secretAccessKeySecretRef", "auth.secretRef.sessionTokenSecretRef"],
        ["azurekv"] = ["vaultUrl", "tenantId", "authType", "authSecretRef", "authSecretRef.clientId", "authSecretRef.clientSecret", "environmentType"],
        ["fake"] = ["data"],
    };

    /// <summary>Store-level fields the agent honours (<c>refreshInterval</c>: stores are re-validated every pass anyway).</summary>
    private static readonly string[] StoreFields = ["controller", "provider", "conditions", "refreshInterval"];

    /// <summary>The first unsupported field as <c>spec.X</c> or <c>spec.provider.X.path</c>, or null when all are supported.</summary>
    public static string? FirstUnsupported(StoreResource store)
    {
        if (store.Raw["spec"] is JsonObject spec)
        {
            if (spec.FirstOrDefault(kv => kv.Value is not null && !StoreFields.Contains(kv.Key)).Key is { } extra) return "spec." + extra;
            if (spec["provider"] is JsonObject all && all.Where(kv => kv.Value is JsonObject).Skip(1).FirstOrDefault().Key is { } second)
            {
                return "spec.provider." + second;
            }
        }
        if (!Supported.TryGetValue(store.ProviderName, out var fields)) return $"spec.provider.{store.ProviderName}";
        return Walk(store.ProviderSpec, "", fields, store.ProviderName);
    }

    private static string? Walk(JsonObject obj, string prefix, string[] fields, string provider)
    {
        foreach (var (k, v) in obj)
        {
            var path = prefix.Length == 0 ? k : prefix + "." + k;
            if (!fields.Contains(path)) return $"spec.provider.{provider}.{path}";
            // descend only into sections whose children are listed (secretRefs themselves are leaves)
            if (v is JsonObject child && fields.Any(f => f.StartsWith(path + ".", StringComparison.Ordinal)) && Walk(child, path, fields, provider) is { } bad)
            {
                return bad;
            }
        }
        if (provider == "aws" && Json.Str(obj["service"]) is { } svc && prefix.Length == 0 && svc is not ("SecretsManager" or "ParameterStore"))
        {
            return "spec.provider.aws.service";
        }
        if (provider == "azurekv" && prefix.Length == 0 && Json.Str(obj["authType"]) is { } at && at != "ServicePrincipal")
        {
            return "spec.provider.azurekv.authType";
        }
        return null;
    }
}
