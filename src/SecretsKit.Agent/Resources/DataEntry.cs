namespace SecretsKit.Agent.Resources;

/// <summary>One <c>spec.data</c> entry.</summary>
internal sealed record DataEntry(string SecretKey, RemoteRef Ref, StoreRef? SourceStore);
