using SecretsKit.Go.Time;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Agent.Templates.Functions;

/// <summary>
/// A template value as sigs.k8s.io/yaml sees it after <c>json.Marshal</c> and go-yaml v2's decoding: structs as maps,
/// whole numbers as ints, a time as its RFC 3339 text. Each map or list is converted once, so a value that shares one
/// sub-tree many times stays as small as it was (the YAML writer's budget then stops it); a value that holds itself is
/// json's cycle error.
/// </summary>
internal sealed class JsonForm
{
    private readonly Dictionary<object, object?> _done = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _path = new(ReferenceEqualityComparer.Instance);

    public object? Of(object? value) => value switch
    {
        double d when double.IsNaN(d) || double.IsInfinity(d) => throw new TemplateFunctionException("json: unsupported value"),
        double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
        GoTimeValue t => t.MarshalText(),
        GoStruct s => Container(s, () => Map(s.Fields)),
        IReadOnlyDictionary<string, object?> m => Container(m, () => Map(m)),
        IReadOnlyList<object?> l => Container(l, () => l.Select(Of).ToList()),
        _ => value,
    };

    private Dictionary<string, object?> Map(IReadOnlyDictionary<string, object?> m) =>
        m.ToDictionary(kv => kv.Key, kv => Of(kv.Value), StringComparer.Ordinal);

    private object? Container(object original, Func<object?> convert)
    {
        if (_done.TryGetValue(original, out var converted)) return converted;
        if (!_path.Add(original)) throw new TemplateFunctionException($"json: unsupported value: encountered a cycle via {GoTypes.TypeName(original)}");
        var result = convert();
        _path.Remove(original);
        _done[original] = result;
        return result;
    }
}
