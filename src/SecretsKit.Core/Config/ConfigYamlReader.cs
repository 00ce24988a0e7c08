using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Config;

/// <summary>
/// Typed reads from a <c>.sops.yaml</c> representation model, with errors that name the config file, the
/// setting and its line/column. Handles YAML null (absent), and <c>&lt;&lt;</c> merge keys the way yaml.v3 does. Scalars
/// are typed as sops decodes its config into typed fields: go-yaml v3 (<see cref="YamlScalars.GoYamlV3"/>).
/// </summary>
internal sealed class ConfigYamlReader(string configPath)
{
    public string ConfigPath => configPath;

    public SecretsKitException Error(YamlNode node, string message) =>
        new(ExitCodes.Generic, $"{configPath}: {message} (line {node.Start.Line}, column {node.Start.Column})");

    public static bool IsNull(YamlNode? node) =>
        node is null
        || (node is YamlScalarNode s && s.Style == ScalarStyle.Plain
            && YamlScalars.IsNull(s.Value ?? ""));

    /// <summary>The mapping's entries with string keys; <c>&lt;&lt;</c> merges fill in keys not set explicitly.</summary>
    public IReadOnlyList<KeyValuePair<string, YamlNode>> Entries(YamlMappingNode map)
    {
        var explicitEntries = new List<KeyValuePair<string, YamlNode>>();
        var merged = new List<KeyValuePair<string, YamlNode>>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = keyNode is YamlScalarNode ks ? ks.Value ?? "" : "";
            if (key == "<<" && keyNode is YamlScalarNode { Style: ScalarStyle.Plain })
            {
                var sources = value switch
                {
                    YamlMappingNode m => [m],
                    YamlSequenceNode seq => seq.Children.Select(c => c as YamlMappingNode
                        ?? throw Error(c, "a << merge list must hold mappings")).ToList(),
                    _ => throw Error(value, "a << merge value must be a mapping or a list of mappings"),
                };
                foreach (var source in sources)
                {
                    merged.AddRange(Entries(source));
                }
                continue;
            }
            explicitEntries.Add(new(key, value));
        }
        var result = new List<KeyValuePair<string, YamlNode>>(explicitEntries);
        foreach (var entry in merged)
        {
            if (!result.Any(e => e.Key == entry.Key)) result.Add(entry);
        }
        return result;
    }

    public YamlNode? Get(YamlMappingNode map, string key)
    {
        foreach (var entry in Entries(map))
        {
            if (entry.Key == key) return IsNull(entry.Value) ? null : entry.Value;
        }
        return null;
    }

    public string? String(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        return node switch
        {
            null => null,
            YamlScalarNode s => s.Value,
            _ => throw Error(node, $"{where}.{key} must be a string"),
        };
    }

    public int? Int(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        if (node is null) return null;
        // a quoted or block scalar is a string, which yaml.v3 will not put in an int field ("cannot unmarshal !!str"); a plain
        // int, uint64 or float (truncated) that fits is taken, as yaml.v3 sets an int field from each
        if (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s
            && YamlScalars.GoYamlV3(s.Value ?? "") is var v
            && v.Kind switch
            {
                YamlResolvedKind.Int => v.Int is >= int.MinValue and <= int.MaxValue,
                YamlResolvedKind.UInt64 => false,
                YamlResolvedKind.Float => v.Float is >= int.MinValue and < int.MaxValue + 1.0,
                _ => false,
            })
        {
            return v.Kind == YamlResolvedKind.Int ? (int)v.Int : (int)v.Float;
        }
        throw Error(node, $"{where}.{key} must be an integer");
    }

    /// <summary>
    /// yaml.v3 into a bool field: a plain <c>true</c>/<c>false</c> in its three casings, or, in any style, YAML 1.1's
    /// <c>y yes on n no off</c> (the compatibility yaml.v3 keeps for typed bools only).
    /// </summary>
    public bool Bool(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        if (node is null) return false;
        if (node is YamlScalarNode s)
        {
            var text = s.Value ?? "";
            if (s.Style is ScalarStyle.Plain or ScalarStyle.Any && YamlScalars.GoYamlV3(text) is { Kind: YamlResolvedKind.Bool } b) return b.Bool;
            if (YamlScalars.OldBool(text) is { } old) return old;
        }
        throw Error(node, $"{where}.{key} must be true or false");
    }

    public YamlMappingNode? Mapping(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        return node switch
        {
            null => null,
            YamlMappingNode m => m,
            _ => throw Error(node, $"{where}.{key} must be a mapping"),
        };
    }

    public YamlSequenceNode? Sequence(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        return node switch
        {
            null => null,
            YamlSequenceNode seq => seq,
            _ => throw Error(node, $"{where}.{key} must be a list"),
        };
    }

    /// <summary>
    /// A key list given as a comma-separated string or a list of strings; every item is split on commas,
    /// trimmed, and empty items are dropped (sops joins lists with commas before splitting).
    /// </summary>
    public IReadOnlyList<string> StringList(YamlMappingNode map, string key, string where)
    {
        var node = Get(map, key);
        var items = new List<string>();
        switch (node)
        {
            case null:
                break;
            case YamlScalarNode s:
                AddSplit(items, s.Value);
                break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    if (IsNull(child)) continue;
                    if (child is not YamlScalarNode cs)
                    {
                        throw Error(child, $"invalid {key} key configuration in {where}: expected a string in the list");
                    }
                    AddSplit(items, cs.Value);
                }
                break;
            default:
                throw Error(node, $"invalid {key} key configuration in {where}: expected a string or a list of strings");
        }
        return items;
    }

    /// <summary>A flat string-to-string mapping (KMS encryption context); YAML null values become empty strings.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(YamlMappingNode map, string key, string where)
    {
        var node = Mapping(map, key, where);
        if (node is null) return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Entries(node))
        {
            result[k] = v switch
            {
                _ when IsNull(v) => "",
                YamlScalarNode s => s.Value ?? "",
                _ => throw Error(v, $"{where}.{key}.{k} must be a string"),
            };
        }
        return result;
    }

    private static void AddSplit(List<string> items, string? text)
    {
        foreach (var part in (text ?? "").Split(','))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0) items.Add(trimmed);
        }
    }
}
