namespace SecretsKit.Agent.Resources;

/// <summary><c>dataFrom.find</c>: name regexp, tags, path.</summary>
internal sealed record FindSpec(string? NameRegex, IReadOnlyDictionary<string, string>? Tags, string? Path, string DecodingStrategy);
