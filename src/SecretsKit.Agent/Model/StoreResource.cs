using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Model;

/// <summary>Typed view of a SecretStore / ClusterSecretStore (<c>external-secrets.io/v1</c>).</summary>
internal sealed record StoreResource(
    StoreKind Kind,
    string Name,
    string? Namespace,
    string Uid,
    string ResourceVersion,
    string? Controller,
    string ProviderName,
    JsonObject ProviderSpec,
    IReadOnlyList<StoreCondition> Conditions,
    JsonObject Raw)
{
    /// <summary>Cache identity of the store (kind, namespace, name).</summary>
    public string Identity => $"{Kind}/{Namespace}/{Name}";

    /// <summary>
    /// What a provider client is built from changes with this: the spec and the labels and
    /// annotations (touching the store rebuilds its client, e.g. after rotating the Secret it reads), never the status
    /// the agent itself writes (its own Ready condition must not throw away the client it just validated and logged in).
    /// </summary>
    public string ClientVersion
    {
        get
        {
            var meta = Raw["metadata"] as JsonObject;
            var text = $"{Raw["spec"]?.ToJsonString()}|{meta?["labels"]?.ToJsonString()}|{meta?["annotations"]?.ToJsonString()}";
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    /// <summary>
    /// For a ClusterSecretStore whose client depends on the namespace it serves (<see cref="Providers.StoreScope"/>): the
    /// namespace of the ExternalSecret or PushSecret that uses it. Its clients and shared values are kept per namespace.
    /// </summary>
    public string? ReferentNamespace { get; init; }

    public static StoreResource Parse(JsonObject obj)
    {
        var kind = obj.GetKind() == "ClusterSecretStore" ? StoreKind.ClusterSecretStore : StoreKind.SecretStore;
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var provider = spec["provider"] as JsonObject;
        var (providerName, providerSpec) = provider?.FirstOrDefault(p => p.Value is JsonObject) is { Key: not null } first
            ? (first.Key, (JsonObject)first.Value!)
            : ("", new JsonObject());
        return new StoreResource(kind, obj.GetName() ?? "", kind == StoreKind.SecretStore ? obj.GetNamespace() : null,
            obj.GetUid() ?? "", obj.GetResourceVersion() ?? "", Json.Str(spec["controller"]), providerName, providerSpec,
            StoreCondition.ParseAll(spec["conditions"]), obj);
    }
}
