using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace SecretsKit.Cel.Library;

/// <summary>The one place CEL compiles regular expressions (cel-spec: RE2 syntax). For now .NET's
/// <see cref="RegexOptions.NonBacktracking"/> engine (linear time, like RE2), after refusing the constructs RE2
/// lacks (backreferences, lookaround, atomic groups, possessive quantifiers, conditionals) with a CEL error. At
/// integration this file is pointed at SecretsKit.Go's RE2 translator; nothing else in the project touches
/// <see cref="Regex"/>.</summary>
internal static class CelRegex
{
    private static readonly ConcurrentDictionary<string, object> Cache = new(StringComparer.Ordinal);

    /// <summary>The compiled pattern, or a <see cref="CelError"/> when it is not valid RE2.</summary>
    public static object Compile(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var cached))
            return cached;
        var result = CompileUncached(pattern);
        if (Cache.Count < 1000)
            Cache.TryAdd(pattern, result);
        return result;
    }

    private static object CompileUncached(string pattern)
    {
        if (Unsupported(pattern) is { } construct)
            return new CelError(CelErrorKind.InvalidRegex, $"invalid regular expression '{pattern}': {construct} is not RE2 syntax");
        try
        {
            return new Regex(Translate(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException e)
        {
            return new CelError(CelErrorKind.InvalidRegex, $"invalid regular expression '{pattern}': {e.Message}");
        }
        catch (NotSupportedException e)
        {
            return new CelError(CelErrorKind.InvalidRegex, $"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    /// <summary>RE2 spells a few things differently: named groups <c>(?P&lt;name&gt;…)</c>; <c>\z</c> is the end of
    /// text (so is .NET's); <c>\C</c> is refused.</summary>
    private static string Translate(string pattern) => pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);

    private static string? Unsupported(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (next is >= '1' and <= '9')
                    return "a backreference";
                if (!inClass && next is 'k' or 'G' or 'Z' or 'C')
                    return $"\\{next}";
                i++;
            }
            else if (inClass)
                inClass = c != ']';
            else if (c == '[')
            {
                inClass = true;
                // a ']' first in the class (after an optional '^') is a literal
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    i++;
            }
            else if (Construct(pattern, i) is { } construct)
                return construct;
        }
        return null;
    }

    /// <summary>The group or quantifier syntax RE2 lacks that starts at <paramref name="i"/> (outside classes).</summary>
    private static string? Construct(string pattern, int i)
    {
        var c = pattern[i];
        if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
        {
            var kind = pattern[i + 2];
            if (kind is '=' or '!' or '>' or '(')
                return "a lookahead, atomic group or conditional";
            if (kind == '<' && i + 3 < pattern.Length && pattern[i + 3] is '=' or '!')
                return "a lookbehind";
        }
        if (c is '+' or '*' or '?' or '}' && i + 1 < pattern.Length && pattern[i + 1] == '+')
            return "a possessive quantifier";
        if (c == '{' && RepeatCount(pattern, i) > 1000)
            return "a repeat count over 1000";
        return null;
    }

    /// <summary>The largest number of a counted repetition <c>{n}</c>, <c>{n,}</c> or <c>{n,m}</c> at
    /// <paramref name="i"/>, or -1 when the brace is a literal.</summary>
    private static long RepeatCount(string pattern, int i)
    {
        var close = pattern.IndexOf('}', i);
        if (close < 0)
            return -1;
        var parts = pattern[(i + 1)..close].Split(',');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.All(char.IsAsciiDigit)))
            return -1;
        return parts.Where(p => p.Length > 0).Max(p => p.Length > 6 ? long.MaxValue : long.Parse(p, System.Globalization.CultureInfo.InvariantCulture));
    }
}
