using SecretsKit.Go;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A schema's <c>pattern</c>, compiled on first use (once per pattern text: CRDs repeat the same pattern in many nodes
/// and versions, e.g. Gateway API's group, kind and name patterns in every reference) and matched as the API server matches it: Go's
/// RE2, unanchored, linear time, through SecretsKit.Go's RE2 translator (<see cref="GoRegex.Compile"/>), which gives
/// <c>$</c>, <c>\z</c>, POSIX and Unicode classes their RE2 meaning and refuses what RE2 refuses (lookaround,
/// backreferences, atomic groups, possessive quantifiers, repeat counts over 1000) with Go's own error text. Such a
/// pattern is a finding with a plain reason, never an exception.
/// </summary>
internal sealed class SchemaPattern
{
    /// <summary>Longest pattern compiled; a longer one is a finding.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Compiled patterns kept by text; past this many, further ones are compiled per schema node.</summary>
    private const int MaxShared = 512;

    private static readonly BoundedCache<string, (GoRegex?, string?)> Shared = new(MaxShared, StringComparer.Ordinal);

    private readonly Lazy<(GoRegex? Regex, string? Error)> _compiled;

    public SchemaPattern(string text)
    {
        Text = text;
        _compiled = new Lazy<(GoRegex?, string?)>(() => CompileShared(text));
    }

    /// <summary>The pattern as the schema writes it (the schema's text, never a document's).</summary>
    public string Text { get; }

    /// <summary>Null when <paramref name="value"/> matches; else what to report (the value itself is never part of it).</summary>
    public string? Check(string value)
    {
        var (regex, error) = _compiled.Value;
        if (regex is null) return $"the schema's pattern '{Shorten(Text)}' cannot be checked: {error}";
        return regex.IsMatch(value) ? null : $"should match '{Shorten(Text)}'";
    }

    private static (GoRegex?, string?) CompileShared(string pattern)
        => Shared.GetOrAdd(pattern, Compile);

    private static (GoRegex?, string?) Compile(string pattern)
    {
        if (pattern.Length > MaxLength) return (null, $"it is longer than {MaxLength} characters");
        try
        {
            return (GoRegex.Compile(pattern), null);
        }
        catch (GoException e)
        {
            return (null, $"it is not RE2, the API server's regular expressions ({e.Message})");
        }
        catch (OutOfMemoryException)
        {
            return (null, "it is too large to compile");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
