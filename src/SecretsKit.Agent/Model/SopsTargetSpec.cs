namespace SecretsKit.Agent.Model;

/// <summary><c>spec.target</c> of a SopsSecret: the Secret to write and how (creationPolicy as for ExternalSecret).</summary>
internal sealed record SopsTargetSpec(
    string Name,
    string Type,
    CreationPolicy Creation,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations);
