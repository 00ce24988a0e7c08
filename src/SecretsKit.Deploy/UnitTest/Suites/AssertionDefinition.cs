using SecretsKit.Deploy.UnitTest.Asserts;

using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>One entry of a test's <c>asserts:</c>: its type and validator, <c>not</c>, <c>template</c>, <c>documentIndex</c> (-1: all), <c>documentSelector</c>.</summary>
internal sealed record AssertionDefinition(AssertionType Type, IAssertValidator Validator, bool Not, string Template, int DocumentIndex, DocumentSelector? Selector)
{
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal) { "template", "documentIndex", "not", "documentSelector" };

    public static AssertionDefinition Parse(object? entry)
    {
        if (entry is not IReadOnlyDictionary<string, object?> map) throw new SuiteException("no assertion type defined");
        AssertionType? type = null;
        object? parameters = null;
        foreach (var (key, value) in map)
        {
            if (!AssertionTypes.ByName.TryGetValue(key, out var t)) continue;
            if (type is not null) throw new SuiteException($"assertion type `{type.Name}` and `{key}` is declared duplicately");
            (type, parameters) = (t, value);
        }
        if (type is null)
        {
            var unknown = map.Keys.FirstOrDefault(k => !Common.Contains(k) || k == "documentSelector");
            throw new SuiteException(unknown is not null && unknown != "documentSelector" ? $"Assertion type `{unknown}` is invalid" : "no assertion type defined");
        }
        var selector = map.GetValueOrDefault("documentSelector") is IReadOnlyDictionary<string, object?> s ? DocumentSelector.From(s) : null;
        var index = map.GetValueOrDefault("documentIndex") is long l && l is >= int.MinValue and <= int.MaxValue ? (int)l : -1;
        return new AssertionDefinition(type, type.Create(new AssertParams(type.Name, parameters)),
            map.GetValueOrDefault("not") is true, map.GetValueOrDefault("template") as string ?? "", index, selector);
    }
}
