namespace SecretsKit.Agent.Resources;

/// <summary>A <c>secretStoreRefs[]</c> entry: a store by name, or every store of the kind matching the labels.</summary>
internal sealed record PushStoreRef(string? Name, StoreKind Kind, IReadOnlyDictionary<string, string>? MatchLabels);
