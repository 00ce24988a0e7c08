using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Cel.Library;

/// <summary>cel-spec's string functions: <c>contains</c>, <c>startsWith</c>, <c>endsWith</c>, <c>matches</c>
/// (RE2, unanchored).</summary>
internal static class StringFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Member("contains", (c, a) => Pair(c, a, "contains", (s, t) => s.Contains(t, StringComparison.Ordinal)))
            .Member("startsWith", (c, a) => Pair(c, a, "startsWith", (s, t) => s.StartsWith(t, StringComparison.Ordinal)))
            .Member("endsWith", (c, a) => Pair(c, a, "endsWith", (s, t) => s.EndsWith(t, StringComparison.Ordinal)))
            .Both("matches", Matches);
    }

    private static object Pair(EvalContext context, object?[] args, string name, Func<string, string, bool> test)
    {
        if (args is not [string s, string t])
            return CelError.NoOverload(name);
        context.ChargeSize(s.Length);
        return Logic.Box(test(s, t));
    }

    private static object Matches(EvalContext context, object?[] args)
    {
        if (args is not [string text, string pattern])
            return CelError.NoOverload("matches");
        context.ChargeSize((long)text.Length * Math.Max(1, pattern.Length / 10));
        var regex = CelRegex.Compile(pattern);
        return regex is GoRegex r ? Logic.Box(r.IsMatch(text)) : regex;
    }
}
