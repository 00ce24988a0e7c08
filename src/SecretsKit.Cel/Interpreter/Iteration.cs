using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Interpreter;

/// <summary>A comprehension's range seen as (first variable, second variable) pairs by position, without a copy: a
/// list's elements (two variables: index and element), a map's keys (two variables: key and value).</summary>
internal sealed class Iteration(CelList? list, CelMap? map, bool twoVariables)
{
    public int Count => list?.Count ?? map!.Count;

    public (object? First, object? Second) this[int index]
    {
        get
        {
            if (list is not null)
                return twoVariables ? (CelInts.Box(index), list[index]) : (list[index], null);
            var key = map!.Keys[index];
            map.TryGetValue(key, out var value);
            return (key, value);
        }
    }
}
