namespace SecretsKit.Agent.Reconcile.ExternalSecrets;

/// <summary>The Secret the agent wants: type, labels/annotations from the template, and data (raw bytes).</summary>
internal sealed record DesiredSecret(string Type, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, byte[]> Data);
