using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Builds the YAML values document for ref-valued <c>--set</c> items: nested maps from the key paths, lists (padded
/// with nulls, as helm does) for indexes; a later item for the same path replaces an earlier one.
/// </summary>
internal sealed class SetValuesDocument
{
    private readonly YamlMappingNode _root = new();

    public bool IsEmpty => _root.Children.Count == 0;

    public void Set(SetKeyPath path, string value, bool typed)
    {
        var leaf = new YamlScalarNode(value) { Style = typed ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted };
        YamlNode current = _root;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            var segment = path.Segments[i];
            var last = i == path.Segments.Count - 1;
            YamlNode Next() => last ? leaf : path.Segments[i + 1].Index >= 0 ? new YamlSequenceNode() : new YamlMappingNode();
            if (segment.Index < 0)
            {
                var mapping = current as YamlMappingNode ?? throw Conflict(path);
                var key = new YamlScalarNode(segment.Key!) { Style = ScalarStyle.DoubleQuoted };
                if (last || !mapping.Children.TryGetValue(key, out var child) || !Fits(child, path.Segments[i + 1]))
                {
                    child = Next();
                    mapping.Children[key] = child;
                }
                current = child;
            }
            else
            {
                var sequence = current as YamlSequenceNode ?? throw Conflict(path);
                while (sequence.Children.Count <= segment.Index) sequence.Children.Add(new YamlScalarNode("null") { Style = ScalarStyle.Plain });
                var child = sequence.Children[segment.Index];
                if (last || !Fits(child, path.Segments[i + 1]))
                {
                    child = Next();
                    sequence.Children[segment.Index] = child;
                }
                current = child;
            }
        }
    }

    public string ToYaml()
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(_root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static bool Fits(YamlNode node, SetKeyPath.Segment next) =>
        next.Index >= 0 ? node is YamlSequenceNode : node is YamlMappingNode;

    private static Core.Errors.SecretsKitException Conflict(SetKeyPath path) =>
        new(Core.Errors.ExitCodes.Generic, $"--set key '{path.Text}' conflicts with another ref-valued --set key");
}
