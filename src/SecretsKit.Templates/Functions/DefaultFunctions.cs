using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>sprig's defaults and flow functions (<c>default empty coalesce all any ternary fail</c>); Helm's and helmfile's <c>required</c> is not sprig's (helmfile registers its own).</summary>
internal static class DefaultFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["default"] = c => c.AtLeast(1).Count == 1 || GoValues.IsEmpty(c[1]) ? c[0] : c[1];
        t["empty"] = c => GoValues.IsEmpty(c.Exactly(1)[0]);
        t["coalesce"] = c => c.Args.FirstOrDefault(v => !GoValues.IsEmpty(v));
        t["all"] = c => c.Args.All(v => !GoValues.IsEmpty(v));
        t["any"] = c => c.Args.Any(v => !GoValues.IsEmpty(v));
        t["ternary"] = c => c.Exactly(3)[2] is bool b ? (b ? c[0] : c[1]) : throw c.WrongType(2, "bool");
        t["fail"] = c => throw new TemplateFunctionException(c.Exactly(1).String(0));
    }
}
