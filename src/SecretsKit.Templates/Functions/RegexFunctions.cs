using System.Collections.Concurrent;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's regular expression functions over Go's RE2 syntax (<see cref="GoRegex"/>). The plain forms of <c>regexFind
/// regexFindAll regexReplaceAll regexReplaceAllLiteral regexSplit</c> fail on a bad pattern with Go's <c>regexp:
/// Compile(…)</c> panic text; <c>regexMatch</c> says false instead; the <c>must</c> forms return the parse error.
/// </summary>
internal static class RegexFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["regexMatch"] = c => TryCompile(c.Exactly(2).String(0)) is { } r && r.IsMatch(c.String(1));
        t["mustRegexMatch"] = c => Compile(c.Exactly(2).String(0)).IsMatch(c.String(1));
        t["regexFind"] = c => MustCompile(c.Exactly(2).String(0)).FindString(c.String(1));
        t["mustRegexFind"] = c => Compile(c.Exactly(2).String(0)).FindString(c.String(1));
        t["regexFindAll"] = c => FindAll(MustCompile(c.Exactly(3).String(0)), c.String(1), c.Int(2));
        t["mustRegexFindAll"] = c => FindAll(Compile(c.Exactly(3).String(0)), c.String(1), c.Int(2));
        t["regexReplaceAll"] = c => MustCompile(c.Exactly(3).String(0)).ReplaceAll(c.String(1), c.String(2), literal: false, c.OutputLimit);
        t["mustRegexReplaceAll"] = c => Compile(c.Exactly(3).String(0)).ReplaceAll(c.String(1), c.String(2), literal: false, c.OutputLimit);
        t["regexReplaceAllLiteral"] = c => MustCompile(c.Exactly(3).String(0)).ReplaceAll(c.String(1), c.String(2), literal: true, c.OutputLimit);
        t["mustRegexReplaceAllLiteral"] = c => Compile(c.Exactly(3).String(0)).ReplaceAll(c.String(1), c.String(2), literal: true, c.OutputLimit);
        t["regexSplit"] = c => Strings(MustCompile(c.Exactly(3).String(0)).Split(c.String(1), c.Int(2)));
        t["mustRegexSplit"] = c => Strings(Compile(c.Exactly(3).String(0)).Split(c.String(1), c.Int(2)));
        t["regexQuoteMeta"] = c => QuoteMeta(c.Exactly(1).String(0));
    }

    // Compiled expressions by their text (at most 1,000 of at most 1,000 characters kept): a template calls these per item, and building .NET's
    // engine for an expression costs up to milliseconds (more when it may begin with an optional part: GoRegex's finder).
    private static readonly ConcurrentDictionary<string, GoRegex> Compiled = new(StringComparer.Ordinal);

    private static GoRegex Compile(string expr) => Cached(expr, GoRegex.Compile);

    private static GoRegex MustCompile(string expr) => Cached(expr, GoRegex.MustCompile);

    private static GoRegex Cached(string expr, Func<string, GoRegex> compile)
    {
        if (Compiled.TryGetValue(expr, out var regex)) return regex;
        regex = compile(expr);
        if (Compiled.Count < 1000 && expr.Length <= 1000) Compiled.TryAdd(expr, regex);
        return regex;
    }

    private static GoRegex? TryCompile(string expr)
    {
        try
        {
            return Compile(expr);
        }
        catch (GoException)
        {
            return null;
        }
    }

    private static GoSlice FindAll(GoRegex r, string s, long n)
    {
        var matches = r.Matches(s, n);
        return matches.Count == 0 ? new GoSlice("string", [], isNil: true) : GoSlice.Strings(matches.Select(m => m.Value));
    }

    private static GoSlice Strings(List<string>? parts) => parts is null ? new GoSlice("string", [], isNil: true) : GoSlice.Strings(parts);

    /// <summary>Go's <c>regexp.QuoteMeta</c>: a backslash before each of <c>\.+*?()|[]{}^$</c>.</summary>
    private static string QuoteMeta(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (ch is '\\' or '.' or '+' or '*' or '?' or '(' or ')' or '|' or '[' or ']' or '{' or '}' or '^' or '$') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
