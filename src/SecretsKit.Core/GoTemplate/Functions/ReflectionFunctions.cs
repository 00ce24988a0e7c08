namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>sprig's reflection functions: Go's <c>%T</c> type names (<c>typeOf typeIs typeIsLike</c>), <c>reflect.Kind</c> names (<c>kindOf kindIs</c>), <c>deepEqual</c>.</summary>
internal static class ReflectionFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["typeOf"] = c => GoValues.TypeName(c.Exactly(1)[0]);
        t["typeIs"] = c => c.Exactly(2).String(0) == GoValues.TypeName(c[1]);
        t["typeIsLike"] = c => c.Exactly(2).String(0) is var target && (target == GoValues.TypeName(c[1]) || "*" + target == GoValues.TypeName(c[1]));
        t["kindOf"] = c => GoValues.Kind(c.Exactly(1)[0]);
        t["kindIs"] = c => c.Exactly(2).String(0) == GoValues.Kind(c[1]);
        t["deepEqual"] = c => GoDeepEqual.Equal(c.Exactly(2)[0], c[1]);
    }
}
