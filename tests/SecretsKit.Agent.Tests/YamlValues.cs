using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Agent.Tests;

/// <summary>
/// YAML → the renderer's neutral values (maps, lists, strings, bools, null, numbers as double like helm) and → JsonNode
/// for assertions. Only plain scalars are typed; quoted scalars stay strings.
/// </summary>
internal static partial class YamlValues
{
    public static List<object?> LoadAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => ToValue(d.RootNode))];
    }

    public static Dictionary<string, object?> LoadMap(string path) =>
        LoadAll(File.ReadAllText(path)).Single() as Dictionary<string, object?> ?? throw new InvalidDataException(path + " is not a YAML map");

    public static object? ToValue(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ToValue(kv.Value), StringComparer.Ordinal),
        YamlSequenceNode s => s.Children.Select(ToValue).ToList(),
        YamlScalarNode sc => Scalar(sc),
        _ => throw new InvalidDataException("unsupported YAML node " + node.NodeType),
    };

    private static object? Scalar(YamlScalarNode sc)
    {
        var text = sc.Value ?? "";
        if (sc.Style != ScalarStyle.Plain) return text;
        if (text is "" or "~" or "null") return null;
        if (text is "true" or "false") return text == "true";
        if (Number().IsMatch(text)) return double.Parse(text, CultureInfo.InvariantCulture);
        return text;
    }

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        double d => d == Math.Floor(d) ? JsonValue.Create((long)d) : JsonValue.Create(d),
        string s => JsonValue.Create(s),
        IDictionary<string, object?> m => new JsonObject(m.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        IList<object?> l => new JsonArray([.. l.Select(ToJson)]),
        _ => throw new InvalidDataException("unexpected value " + value.GetType()),
    };

    /// <summary>Sets a dotted path (<c>scope.namespace</c>) in a values tree, like <c>helm --set</c>.</summary>
    public static void Set(Dictionary<string, object?> values, string path, object? value)
    {
        var parts = path.Split('.');
        var map = values;
        foreach (var part in parts[..^1])
        {
            if (map.TryGetValue(part, out var next) && next is Dictionary<string, object?> child) map = child;
            else map = (Dictionary<string, object?>)(map[part] = new Dictionary<string, object?>(StringComparer.Ordinal));
        }
        map[parts[^1]] = value;
    }

    [GeneratedRegex(@"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();
}
