using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Diff;

/// <summary>
/// The lines of one document as the diff shows them: Secret <c>data</c>/<c>stringData</c> as sizes, and every
/// scalar holding a sensitive value (a whole block scalar or flow collection at once) as
/// <c>key: (redacted, changed|unchanged)</c>, judged against the same path in the counterpart document. A last pass
/// replaces any line that still matches (comments, keys, unparsable documents) by <c>(redacted)</c>.
/// </summary>
internal static class RedactedView
{
    public const string Redacted = "(redacted)";

    public static List<string> Render(ManifestDocument document, ManifestDocument? counterpart, DiffSide side, SensitiveMatcher matcher)
    {
        var lines = document.Lines.ToList();
        var replacements = new List<LineReplacement>();
        if (document.Root is { } root)
        {
            if (document.IsSecret) SecretDataEntries.Redact(root, counterpart is { IsSecret: true } ? counterpart.Root : null, side, lines, replacements);
            if (!matcher.IsEmpty)
            {
                var walker = new Walker(lines, YamlSpan.Index(counterpart?.Root), counterpart is not null, side, matcher, replacements, document.IsSecret);
                walker.Mapping(root, "");
            }
        }
        Apply(lines, replacements);
        for (var i = 0; i < lines.Count; i++)
        {
            if (matcher.Matches(lines[i])) lines[i] = YamlSpan.Indent(lines[i]) + Redacted;
        }
        return lines;
    }

    /// <summary>Applies non-overlapping replacements from the bottom up (an overlapping one is left to the last pass).</summary>
    private static void Apply(List<string> lines, List<LineReplacement> replacements)
    {
        var floor = int.MaxValue;
        foreach (var r in replacements.OrderByDescending(r => r.First))
        {
            if (r.Last >= floor || r.Last >= lines.Count) continue;
            lines.RemoveRange(r.First, r.Last - r.First + 1);
            lines.InsertRange(r.First, r.With);
            floor = r.First;
        }
    }

    private sealed class Walker(IReadOnlyList<string> lines, Dictionary<string, YamlNode> other, bool hasCounterpart, DiffSide side,
        SensitiveMatcher matcher, List<LineReplacement> replacements, bool isSecret)
    {
        public void Mapping(YamlMappingNode mapping, string path)
        {
            foreach (var (key, value) in mapping.Children)
            {
                if (isSecret && path.Length == 0 && key is YamlScalarNode { Value: "data" or "stringData" }) continue;
                var childPath = YamlSpan.ChildPath(path, key);
                if (Sensitive(value))
                {
                    var first = YamlSpan.FirstLine(key);
                    var text = YamlSpan.Before(lines[first], key.End.Column) + ": " + Marker(childPath, value);
                    replacements.Add(new LineReplacement(first, Math.Max(first, YamlSpan.LastLine(value)), new[] { text }));
                }
                else
                {
                    Node(value, childPath);
                }
            }
        }

        private void Node(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode m:
                    Mapping(m, path);
                    break;
                case YamlSequenceNode q:
                    for (var i = 0; i < q.Children.Count; i++)
                    {
                        var item = q.Children[i];
                        var itemPath = YamlSpan.ItemPath(path, i);
                        if (!Sensitive(item))
                        {
                            Node(item, itemPath);
                            continue;
                        }
                        var first = YamlSpan.FirstLine(item);
                        var prefix = YamlSpan.Before(lines[first], item.Start.Column);
                        if (prefix.Trim().Trim('-').Trim().Length > 0) prefix = YamlSpan.Indent(lines[first]);
                        replacements.Add(new LineReplacement(first, Math.Max(first, YamlSpan.LastLine(item)), new[] { prefix + Marker(itemPath, item) }));
                    }
                    break;
            }
        }

        /// <summary>A scalar holding a sensitive value, or a flow collection (one line of YAML) with one inside.</summary>
        private bool Sensitive(YamlNode node) => node switch
        {
            YamlScalarNode s => matcher.Matches(s.Value),
            YamlMappingNode { Style: MappingStyle.Flow } m => m.AllNodes.OfType<YamlScalarNode>().Any(s => matcher.Matches(s.Value)),
            YamlSequenceNode { Style: SequenceStyle.Flow } q => q.AllNodes.OfType<YamlScalarNode>().Any(s => matcher.Matches(s.Value)),
            _ => false,
        };

        private string Marker(string path, YamlNode node)
        {
            var unchanged = hasCounterpart && other.TryGetValue(path, out var before) && YamlSpan.Canonical(before) == YamlSpan.Canonical(node);
            if (unchanged) return "(redacted, unchanged)";
            return side == DiffSide.New ? "(redacted, changed)" : Redacted;
        }
    }
}
