using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A schema's <c>pattern</c>, compiled once per schema node on first use and matched as the API server matches it (Go's
/// RE2: unanchored, linear time). The one place patterns are compiled: today with .NET's
/// <see cref="RegexOptions.NonBacktracking"/> engine (linear like RE2) and a match timeout; at integration it is pointed
/// at the Go RE2→.NET translator (<c>src/SecretsKit.Go</c>), which also gives <c>$</c>, <c>\z</c>, POSIX classes and
/// Unicode classes their exact RE2 meaning. A pattern that is not RE2 (lookaround, backreferences, atomic groups,
/// possessive quantifiers, repeat counts over 1000) or that does not parse, and a match that runs out of time, are
/// findings with a plain reason, never an exception.
/// </summary>
internal sealed class SchemaPattern
{
    /// <summary>Longest pattern compiled; a longer one is a finding.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Longest a match may run (NonBacktracking is linear; this bounds a pathological automaton build).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Lazy<(Regex? Regex, string? Error)> _compiled;

    public SchemaPattern(string text)
    {
        Text = text;
        _compiled = new Lazy<(Regex?, string?)>(() => Compile(text));
    }

    /// <summary>The pattern as the schema writes it (the schema's text, never a document's).</summary>
    public string Text { get; }

    /// <summary>Null when <paramref name="value"/> matches; else what to report (the value itself is never part of it).</summary>
    public string? Check(string value)
    {
        var (regex, error) = _compiled.Value;
        if (regex is null) return $"the schema's pattern '{Shorten(Text)}' cannot be checked: {error}";
        try
        {
            return regex.IsMatch(value) ? null : $"should match '{Shorten(Text)}'";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"the schema's pattern '{Shorten(Text)}' took longer than {MatchTimeout.TotalMilliseconds:0} ms to match";
        }
    }

    private static (Regex?, string?) Compile(string pattern)
    {
        if (pattern.Length > MaxLength) return (null, $"it is longer than {MaxLength} characters");
        if (Re2Incompatibility(pattern) is { } why) return (null, why + ", which RE2 (the API server's regular expressions) does not have");
        try
        {
            return (new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal),
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout), null);
        }
        catch (RegexParseException e)
        {
            return (null, $"it is not a valid regular expression ({e.Error} at offset {e.Offset})");
        }
        catch (NotSupportedException)
        {
            return (null, "it uses a construct RE2 does not have");
        }
        catch (ArgumentException)
        {
            return (null, "it is not a valid regular expression");
        }
        catch (OutOfMemoryException)
        {
            return (null, "it is too large to compile");
        }
    }

    /// <summary>The first construct of <paramref name="pattern"/> that RE2 refuses, described; null when none is seen.</summary>
    private static string? Re2Incompatibility(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length && !inClass && (char.IsAsciiDigit(pattern[i + 1]) && pattern[i + 1] != '0' || pattern[i + 1] == 'k'))
                {
                    return "it uses a backreference";
                }
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++;
                    break;
                case '(' when At(pattern, i, "(?=") || At(pattern, i, "(?!") || At(pattern, i, "(?<=") || At(pattern, i, "(?<!"):
                    return "it uses a lookaround";
                case '(' when At(pattern, i, "(?>"):
                    return "it uses an atomic group";
                case '(' when At(pattern, i, "(?("):
                    return "it uses a conditional";
                case '*' or '+' or '?' or '}' when i + 1 < pattern.Length && pattern[i + 1] == '+' && !(c == '?' && i > 0 && pattern[i - 1] == '('):
                    return "it uses a possessive quantifier";
                case '{' when RepeatOver1000(pattern, i):
                    return "it repeats more than 1000 times";
            }
        }
        return null;
    }

    private static bool At(string pattern, int i, string token) => string.CompareOrdinal(pattern, i, token, 0, token.Length) == 0;

    /// <summary>Whether the <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at <paramref name="open"/> counts past RE2's limit of 1000.</summary>
    private static bool RepeatOver1000(string pattern, int open)
    {
        var close = pattern.IndexOf('}', open);
        if (close < 0) return false;
        foreach (var part in pattern[(open + 1)..close].Split(','))
        {
            if (part.Length == 0) continue;
            if (!part.All(char.IsAsciiDigit)) return false;
            if (part.Length > 4 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 1000) return true;
        }
        return false;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
