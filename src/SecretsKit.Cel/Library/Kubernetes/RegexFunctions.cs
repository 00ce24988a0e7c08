using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>Kubernetes' regex library: <c>find(re)</c> (the first match, or empty), <c>findAll(re)</c> and
/// <c>findAll(re, n)</c> (at most n matches; a negative n means all), with Go's regexp semantics (<see cref="CelRegex"/>).</summary>
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
        return regex is GoRegex r ? r.FindString(text) : regex;
    }

    private static object FindAll(EvalContext context, object?[] args)
    {
        if (args is not [string text, string pattern, ..] || args.Length > 3 || (args.Length == 3 && args[2] is not long))
            return CelError.NoOverload("findAll");
        var limit = args.Length == 3 ? (long)args[2]! : -1;
        context.ChargeSize(text.Length);
        var regex = CelRegex.Compile(pattern);
        if (regex is not GoRegex r)
            return regex;
        // Go's FindAllString: an empty match right after the previous match is skipped
        var found = new List<object?>();
        foreach (var match in r.Matches(text, limit))
        {
            context.Charge(1);
            found.Add(match.Value);
        }
        return new CelList(found);
    }
}
