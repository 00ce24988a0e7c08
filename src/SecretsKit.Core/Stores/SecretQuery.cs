namespace SecretsKit.Core.Stores;

/// <summary>A find query: a name regex, required tags, and/or a path prefix.</summary>
public sealed record SecretQuery(string? NameRegex = null, IReadOnlyDictionary<string, string>? Tags = null, string? Path = null);
