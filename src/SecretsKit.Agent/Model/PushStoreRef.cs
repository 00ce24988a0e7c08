using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Selectors;

namespace SecretsKit.Agent.Model;

/// <summary>A <c>secretStoreRefs[]</c> entry (or a <c>dataTo[].storeRef</c>): a store by name, or every store of the kind its label selector matches.</summary>
internal sealed record PushStoreRef(string? Name, StoreKind Kind, LabelSelector? Selector)
{
    public static PushStoreRef Parse(JsonObject r) => new(
        Json.Str(r["name"]) is { Length: > 0 } name ? name : null,
        Json.Str(r["kind"]) == "ClusterSecretStore" ? StoreKind.ClusterSecretStore : StoreKind.SecretStore,
        r["labelSelector"] is JsonObject selector ? LabelSelector.Parse(selector) : null);
}
