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

    // compiled once per expression text: a template calls these per item
    private static GoRegex Compile(string expr) => GoRegex.CompileShared(expr);

    private static GoRegex MustCompile(string expr) => GoRegex.MustCompileShared(expr);

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
