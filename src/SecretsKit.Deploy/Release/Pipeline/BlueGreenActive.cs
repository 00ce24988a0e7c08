using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// What a blue-green's switch shows now, read from what is observable: the router release's value (from
/// <c>helm get values --all -o yaml</c>) or the Service's selector label; null when it shows nothing.
/// </summary>
internal static class BlueGreenActive
{
    /// <summary>The scalar at the dotted values path <paramref name="path"/> (<c>router.activeColor</c>) of helm's values YAML; null when absent, empty, null or not a scalar.</summary>
    public static string? FromValues(string valuesYaml, string path)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(valuesYaml)) stream.Load(reader);
        if (stream.Documents.Count == 0) return null;
        var node = stream.Documents[0].RootNode;
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) return null;
            node = child;
        }
        return node is YamlScalarNode { Value: { Length: > 0 } value } scalar
            && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && value is "null" or "~" or "Null" or "NULL") ? value : null;
    }

    /// <summary>The Service's <c>spec.selector.&lt;label&gt;</c>, or null when it has none.</summary>
    public static string? FromService(JsonObject service, string label) =>
        service["spec"]?["selector"]?[label] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
