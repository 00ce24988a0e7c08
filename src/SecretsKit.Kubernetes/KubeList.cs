using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes;

/// <summary>One page of a list: the items, the list's resourceVersion (to watch from) and the continue token.</summary>
public sealed record KubeList(IReadOnlyList<JsonObject> Items, string ResourceVersion, string? Continue, long? RemainingItemCount);
