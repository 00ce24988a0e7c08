using System.Text.RegularExpressions;
using SecretsKit.Cel.Interpreter;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>Kubernetes' regex library: <c>find(re)</c> (the first match, or empty), <c>findAll(re)</c> and
/// <c>findAll(re, n)</c> (at most n matches; a negative n means all).</summary>
internal static class RegexFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Member("find", Find)
            .Member("findAll", FindAll);
    }

    private static object Find(EvalContext context, object?[] args)
    {
        if (args is not [string text, string pattern])
            return CelError.NoOverload("find");
        context.ChargeSize(text.Length);
        var regex = CelRegex.Compile(pattern);
        if (regex is not Regex r)
            return regex;
        var match = r.Match(text);
        return match.Success ? match.Value : "";
    }

    private static object FindAll(EvalContext context, object?[] args)
    {
        if (args is not [string text, string pattern, ..] || args.Length > 3 || (args.Length == 3 && args[2] is not long))
            return CelError.NoOverload("findAll");
        var limit = args.Length == 3 ? (long)args[2]! : -1;
        context.ChargeSize(text.Length);
        var regex = CelRegex.Compile(pattern);
        if (regex is not Regex r)
            return regex;
        var found = new List<object?>();
        for (var match = r.Match(text); match.Success && (limit < 0 || found.Count < limit); match = match.NextMatch())
        {
            context.Charge(1);
            found.Add(match.Value);
        }
        return new CelList(found);
    }
}
