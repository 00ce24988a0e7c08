using System.Globalization;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.Release.State;

/// <summary>State values (<c>.Values</c>/<c>.StateValues</c>/<c>.Environment.Values</c>): deep merge and <c>--state-values-set</c> paths.</summary>
public static class StateValues
{
    public static Dictionary<string, object?> Empty() => new(StringComparer.Ordinal);

    /// <summary>
    /// Merges <paramref name="source"/> into <paramref name="target"/>: maps recursively, anything else replaced. A map that
    /// holds itself (a template's <c>mergeOverwrite .Values $</c>) is kept by reference where it recurs, as Go shares it.
    /// </summary>
    public static Dictionary<string, object?> Merge(Dictionary<string, object?> target, object? source) =>
        Merge(target, source, new HashSet<object>(ReferenceEqualityComparer.Instance));

    private static Dictionary<string, object?> Merge(Dictionary<string, object?> target, object? source, HashSet<object> path)
    {
        if (source is not IReadOnlyDictionary<string, object?> map || !path.Add(map)) return target;
        foreach (var (key, value) in map.ToList())
        {
            if (target.TryGetValue(key, out var existing) && existing is Dictionary<string, object?> a && value is IReadOnlyDictionary<string, object?>)
            {
                Merge(a, value, path);
            }
            else
            {
                target[key] = value is IReadOnlyDictionary<string, object?> m && !path.Contains(m) ? Merge(Empty(), m, path) : value;
            }
        }
        path.Remove(map);
        return target;
    }

    /// <summary>Parses a YAML values document; the top level must be a map (or empty).</summary>
    public static object? ParseYaml(string text, string where)
    {
        object? value;
        try
        {
            BoundedYaml.Load(text); // depth, size and alias expansion checked before the values are built
            value = TemplateYaml.Read(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{where}:{e.Start.Line}: not valid YAML: {e.Message}");
        }
        return value is null or IReadOnlyDictionary<string, object?> ? value
            : throw new SecretsKitException(ExitCodes.Generic, $"{where}: values must be a map at the top level");
    }

    /// <summary>Largest list index a <c>--state-values-set</c> path may name (<c>a[10000]</c>).</summary>
    private const int MaxSetIndex = 10_000;

    /// <summary>
    /// Applies one <c>--state-values-set a.b=v,c=w</c> argument (values typed as helm's <c>--set</c> types them). A step
    /// may index a list (<c>top.array[0]=x</c>, <c>top.list[1].name=y</c>): that element is set and the others kept,
    /// as helmfile merges command-line values into lists element by element. With <paramref name="strings"/>
    /// (<c>--state-values-set-string</c>) every value stays a string.
    /// </summary>
    public static void Set(Dictionary<string, object?> target, string assignments, bool strings = false)
    {
        foreach (var assignment in assignments.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new SecretsKitException(ExitCodes.Generic, $"--state-values-set: '{assignment}' is not key=value");
            var steps = Steps(assignment[..eq]);
            object container = target;
            for (var i = 0; i < steps.Count - 1; i++)
            {
                var child = Get(container, steps[i]);
                var wantList = steps[i + 1] is int;
                if (wantList ? child is not List<object?> : child is not Dictionary<string, object?>)
                {
                    child = wantList ? new List<object?>() : Empty();
                    Put(container, steps[i], child);
                }
                container = child!;
            }
            Put(container, steps[^1], strings ? assignment[(eq + 1)..] : Typed(assignment[(eq + 1)..]));
        }
    }

    /// <summary><c>a.b[0][1].c</c> as keys (strings) and list indexes (ints).</summary>
    private static List<object> Steps(string path)
    {
        var steps = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            steps.Add(bracket < 0 ? part : part[..bracket]);
            if (bracket < 0) continue;
            foreach (var index in part[(bracket + 1)..].TrimEnd(']').Split("]["))
            {
                if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxSetIndex)
                    throw new SecretsKitException(ExitCodes.Generic, $"--state-values-set: '{path}' has a bad list index");
                steps.Add(n);
            }
        }
        if (steps.Any(s => s is ""))
            throw new SecretsKitException(ExitCodes.Generic, $"--state-values-set: '{path}' has an empty key");
        return steps;
    }

    private static object? Get(object container, object step) => (container, step) switch
    {
        (Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key),
        (List<object?> list, int index) => index < list.Count ? list[index] : null,
        _ => null,
    };

    private static void Put(object container, object step, object? value)
    {
        switch (container, step)
        {
            case (Dictionary<string, object?> map, string key):
                map[key] = value;
                break;
            case (List<object?> list, int index):
                while (list.Count <= index) list.Add(null);
                list[index] = value;
                break;
        }
    }

    private static object? Typed(string text) =>
        text switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
            _ => text,
        };

    /// <summary>A dotted path into the values (<c>condition:</c>); null when any step is missing.</summary>
    public static object? Lookup(IReadOnlyDictionary<string, object?> values, string path)
    {
        object? current = values;
        foreach (var part in path.Split('.'))
        {
            if (current is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(part, out current)) return null;
        }
        return current;
    }
}
