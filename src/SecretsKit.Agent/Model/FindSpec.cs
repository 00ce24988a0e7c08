namespace SecretsKit.Agent.Model;

/// <summary><c>dataFrom.find</c>: name regexp, tags, path, and how keys and values are converted.</summary>
internal sealed record FindSpec(string? NameRegex, IReadOnlyDictionary<string, string>? Tags, string? Path, string DecodingStrategy,
    string ConversionStrategy = "Default", string NullBytePolicy = "Ignore");
