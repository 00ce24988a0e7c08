using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Refs;

/// <summary>Turns a selected YAML/JSON node into a <see cref="ResolvedRef"/>, keeping numbers and booleans typed.</summary>
internal static class TypedScalar
{
    public static ResolvedRef FromYaml(YamlNode node, RefUri reference)
    {
        if (node is not YamlScalarNode scalar)
            throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: points at a mapping or sequence, not a single value");
        var text = scalar.Value ?? "";
        var typed = scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any && LooksTyped(text);
        return new ResolvedRef(text, typed);
    }

    public static ResolvedRef FromJson(JsonNode? node, RefUri reference) => node switch
    {
        null => new ResolvedRef("null", true),
        JsonValue v when v.TryGetValue<string>(out var s) => new ResolvedRef(s, false),
        JsonValue v => new ResolvedRef(v.ToJsonString(), true),
        _ => throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: points at an object or array, not a single value"),
    };

    /// <summary>
    /// Whether vals (which reads a referenced YAML file with go-yaml v3, <see cref="YamlScalars.GoYamlV3"/>) gives a plain
    /// scalar as a number, boolean or null rather than a string (a timestamp decodes into <c>interface{}</c> as its text).
    /// </summary>
    public static bool LooksTyped(string text) => YamlScalars.GoYamlV3(text).Kind is not (YamlResolvedKind.String or YamlResolvedKind.Timestamp);

    /// <summary>Follows <c>#/a/0/b</c> through YAML mappings and sequences.</summary>
    public static YamlNode Select(YamlNode root, RefUri reference)
    {
        var node = root;
        foreach (var part in reference.Fragment)
        {
            node = node switch
            {
                YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode(part), out var child) => child,
                YamlSequenceNode s when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < s.Children.Count => s.Children[i],
                _ => throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: '{part}' not found", "check the #/path after the file name"),
            };
        }
        return node;
    }

    public static JsonNode? Select(JsonNode? root, RefUri reference)
    {
        var node = root;
        foreach (var part in reference.Fragment)
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(part, out var child) => child,
                JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: '{part}' not found", "check the #/path of the reference"),
            };
        }
        return node;
    }
}
