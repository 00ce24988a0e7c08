using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>sprig's reflection functions: Go's <c>%T</c> type names (<c>typeOf typeIs typeIsLike</c>), <c>reflect.Kind</c> names (<c>kindOf kindIs</c>), <c>deepEqual</c>.</summary>
internal static class ReflectionFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["typeOf"] = c => GoTypes.TypeName(c.Exactly(1)[0]);
        t["typeIs"] = c => c.Exactly(2).String(0) == GoTypes.TypeName(c[1]);
        t["typeIsLike"] = c => c.Exactly(2).String(0) is var target && (target == GoTypes.TypeName(c[1]) || "*" + target == GoTypes.TypeName(c[1]));
        t["kindOf"] = c => GoTypes.Kind(c.Exactly(1)[0]);
        t["kindIs"] = c => c.Exactly(2).String(0) == GoTypes.Kind(c[1]);
        t["deepEqual"] = c => GoDeepEqual.Equal(c.Exactly(2)[0], c[1]);
    }
}
