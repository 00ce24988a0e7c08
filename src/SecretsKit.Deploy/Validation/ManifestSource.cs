namespace SecretsKit.Deploy.Validation;

/// <summary>A stream of manifests to validate: who it comes from (a release id or a file), its text, and the namespace objects without one land in.</summary>
public sealed record ManifestSource(string Origin, string Text, string? DefaultNamespace = null);
