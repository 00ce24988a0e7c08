using System.Globalization;
using SecretsKit.Core.Errors;
using SecretsKit.Core.GoTemplate;
using SecretsKit.Deploy.Input;

namespace SecretsKit.Deploy.Release;

/// <summary>State values (<c>.Values</c>/<c>.StateValues</c>/<c>.Environment.Values</c>): deep merge and <c>--state-values-set</c> paths.</summary>
public static class StateValues
{
    public static Dictionary<string, object?> Empty() => new(StringComparer.Ordinal);

    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/>: maps recursively, anything else replaced.</summary>
    public static Dictionary<string, object?> Merge(Dictionary<string, object?> target, object? source)
    {
        if (source is not IReadOnlyDictionary<string, object?> map) return target;
        foreach (var (key, value) in map)
        {
            if (target.TryGetValue(key, out var existing) && existing is Dictionary<string, object?> a && value is IReadOnlyDictionary<string, object?>)
            {
                Merge(a, value);
            }
            else
            {
                target[key] = value is IReadOnlyDictionary<string, object?> m ? Merge(Empty(), m) : value;
            }
        }
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

    /// <summary>Applies one <c>--state-values-set a.b=v,c=w</c> argument (values typed as helm's <c>--set</c> types them).</summary>
    public static void Set(Dictionary<string, object?> target, string assignments)
    {
        foreach (var assignment in assignments.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new SecretsKitException(ExitCodes.Generic, $"--state-values-set: '{assignment}' is not key=value");
            var path = assignment[..eq].Split('.');
            var node = target;
            foreach (var part in path[..^1])
            {
                if (!node.TryGetValue(part, out var child) || child is not Dictionary<string, object?> next)
                {
                    next = Empty();
                    node[part] = next;
                }
                node = next;
            }
            node[path[^1]] = Typed(assignment[(eq + 1)..]);
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
