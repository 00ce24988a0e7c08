namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Turns <see cref="YamlNode"/> documents into emitter events the way yaml.v3's <c>encoder.node</c> does,
/// including its "tail" rule: a key's foot comment is carried to the next key, or to the mapping end.
/// </summary>
internal static class YamlEventWriter
{
    private const string LongTagPrefix = "tag:yaml.org,2002:";

    public static List<YamlEvent> Stream(IEnumerable<YamlNode> documents)
    {
        var events = new List<YamlEvent> { new(YamlEventType.StreamStart) };
        foreach (var doc in documents) Node(events, doc, string.Empty);
        events.Add(new YamlEvent(YamlEventType.StreamEnd));
        return events;
    }

    private static void Node(List<YamlEvent> events, YamlNode node, string tail)
    {
        switch (node.Kind)
        {
            case YamlNodeKind.Document:
                events.Add(new YamlEvent(YamlEventType.DocumentStart) { HeadComment = node.HeadComment });
                foreach (var child in node.Content) Node(events, child, string.Empty);
                events.Add(new YamlEvent(YamlEventType.DocumentEnd) { FootComment = node.FootComment });
                break;

            case YamlNodeKind.Sequence:
                events.Add(new YamlEvent(YamlEventType.SequenceStart) { HeadComment = node.HeadComment });
                foreach (var child in node.Content) Node(events, child, string.Empty);
                events.Add(new YamlEvent(YamlEventType.SequenceEnd)
                {
                    LineComment = node.LineComment,
                    FootComment = node.FootComment,
                });
                break;

            case YamlNodeKind.Mapping:
                events.Add(new YamlEvent(YamlEventType.MappingStart) { TailComment = tail, HeadComment = node.HeadComment });
                var carried = string.Empty;
                for (var i = 0; i + 1 < node.Content.Count; i += 2)
                {
                    var key = node.Content[i];
                    var foot = key.FootComment;
                    if (foot.Length > 0)
                    {
                        // yaml.v3 emits the key without its foot and hands the foot to whatever comes next.
                        key = CopyWithoutFoot(key);
                    }
                    Node(events, key, carried);
                    carried = foot;
                    Node(events, node.Content[i + 1], string.Empty);
                }
                events.Add(new YamlEvent(YamlEventType.MappingEnd)
                {
                    TailComment = carried,
                    LineComment = node.LineComment,
                    FootComment = node.FootComment,
                });
                break;

            default:
                var tag = node.Tag is null ? string.Empty : LongTagPrefix + node.Tag[2..];
                events.Add(new YamlEvent(YamlEventType.Scalar)
                {
                    Value = node.Value,
                    Tag = tag,
                    Implicit = tag.Length == 0,
                    Style = node.Style,
                    HeadComment = node.HeadComment,
                    LineComment = node.LineComment,
                    FootComment = node.FootComment,
                    TailComment = tail,
                });
                break;
        }
    }

    private static YamlNode CopyWithoutFoot(YamlNode key)
    {
        var copy = new YamlNode(key.Kind)
        {
            Value = key.Value,
            Tag = key.Tag,
            Style = key.Style,
            HeadComment = key.HeadComment,
            LineComment = key.LineComment,
        };
        copy.Content.AddRange(key.Content);
        return copy;
    }
}
