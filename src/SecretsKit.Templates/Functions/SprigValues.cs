using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>How sprig sees template values: <c>strslice</c>, <c>reflect.Kind</c> names, and list arguments.</summary>
internal static class SprigValues
{
    /// <summary>sprig's <c>strslice</c>: a list's non-nil items as strings, nil an empty list, any other value one string.</summary>
    public static IReadOnlyList<string> Strings(TemplateCall c, object? v) => v switch
    {
        GoSlice { ElementType: "string" } s => s.Select(x => (string)x!).ToList(),
        IReadOnlyList<object?> l => l.Where(x => x is not null).Select(c.ToStr).ToList(),
        null => [],
        _ => [c.ToStr(v)],
    };

    /// <summary>The items of a slice argument, or null when the value is not a slice (sprig reports its kind then).</summary>
    public static IReadOnlyList<object?>? List(object? v) => v as IReadOnlyList<object?>;

    /// <summary>sprig's <c>Cannot X on type KIND</c> error for a value that is not a slice (nil: Go panics on a nil reflect.Type).</summary>
    public static TemplateFunctionException NotAList(string message, object? v) => v is null
        ? new TemplateFunctionException("runtime error: invalid memory address or nil pointer dereference")
        : new TemplateFunctionException($"{message} {GoTypes.Kind(v)}");

    /// <summary>A map argument (Go: <c>map[string]interface {}</c> parameters reject anything else).</summary>
    public static IReadOnlyDictionary<string, object?> Map(TemplateCall c, int i) => c[i] switch
    {
        GoTypedDictionary { ValueType: not "interface {}" } => throw c.WrongType(i, "map[string]interface {}"),
        IReadOnlyDictionary<string, object?> m => m,
        null => new Dictionary<string, object?>(StringComparer.Ordinal),
        _ => throw c.WrongType(i, "map[string]interface {}"),
    };
}
