using SecretsKit.Core.Patterns;

namespace SecretsKit.Core.Stores;

/// <summary>A find query: a name regex, required tags, and/or a path prefix.</summary>
public sealed record SecretQuery(string? NameRegex = null, IReadOnlyDictionary<string, string>? Tags = null, string? Path = null)
{
    /// <summary>The field a name regex comes from, as a refusal names it (the agent puts the ExternalSecret's path in front).</summary>
    public const string NameField = "find.name.regexp";

    /// <summary>Longest one name match may take.</summary>
    public static readonly TimeSpan NameMatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a secret's name is selected, for a provider that matches names itself: <see cref="NameRegex"/> compiled once
    /// as ESO compiles it (Go's <c>regexp</c>, unanchored; <see cref="ForeignRegex"/>), every name when there is none. A bad
    /// pattern, or a match past <see cref="NameMatchTimeout"/>, is an <see cref="InvalidPatternException"/> saying so.
    /// </summary>
    public Func<string, bool> NameFilter()
    {
        if (NameRegex is not { Length: > 0 } pattern) return static _ => true;
        var regex = ForeignRegex.Compile(NameField, pattern, NameMatchTimeout);
        return name => ForeignRegex.IsMatch(NameField, pattern, regex, name, NameMatchTimeout);
    }
}
