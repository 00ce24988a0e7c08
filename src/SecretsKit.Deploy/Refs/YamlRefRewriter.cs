using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Refs;

/// <summary>
/// Replaces every scalar whose whole value is a <c>ref+…</c> reference in a (multi-document) YAML stream: strings
/// become double-quoted strings, typed targets (numbers, booleans) plain scalars. A v1 Secret's <c>data:</c> value
/// whose base64 decodes to a whole reference (a chart's <c>b64enc</c> of a <c>ref+…</c> value) is resolved too and
/// written back base64-encoded. Returns null when there is no ref, so callers can keep the original bytes untouched.
/// </summary>
public static class YamlRefRewriter
{
    // "ref+" base64-encoded at the start of a value: the cheap test before a Secret's data is decoded
    private const string EncodedPrefix = "cmVmK";

    public static async Task<string?> RewriteAsync(string yaml, RefResolver resolver, CancellationToken cancellationToken)
    {
        if (!yaml.Contains(RefUri.Prefix, StringComparison.Ordinal) && !yaml.Contains(EncodedPrefix, StringComparison.Ordinal)) return null;
        var stream = new YamlStream();
        try
        {
            YamlStreamLoader.Load(stream, yaml);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return null; // not YAML (e.g. a --set-file certificate): nothing to resolve
        }
        var refs = new List<YamlScalarNode>();
        var encoded = new List<(YamlScalarNode Node, string Ref)>();
        foreach (var document in stream.Documents)
        {
            Collect(document.RootNode, refs);
            SecretDataRefs.Collect(document.RootNode, encoded);
        }
        if (refs.Count == 0 && encoded.Count == 0) return null;
        foreach (var node in refs)
        {
            var resolved = await resolver.ResolveAsync(node.Value!, cancellationToken);
            node.Value = resolved.Text;
            node.Style = resolved.Typed ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted;
        }
        foreach (var (node, reference) in encoded)
        {
            var resolved = await resolver.ResolveAsync(reference, cancellationToken);
            node.Value = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(resolved.Text));
            node.Style = ScalarStyle.DoubleQuoted;
        }
        // one document at a time, without YamlDotNet's "..." end markers, separated by "---" as helm expects
        var parts = new List<string>();
        foreach (var document in stream.Documents)
        {
            using var writer = new StringWriter();
            new YamlStream(document).Save(writer, assignAnchors: false);
            var text = writer.ToString();
            if (text.EndsWith("...\n", StringComparison.Ordinal)) text = text[..^4];
            parts.Add(text);
        }
        return string.Join("---\n", parts);
    }

    private static void Collect(YamlNode node, List<YamlScalarNode> refs)
    {
        switch (node)
        {
            case YamlScalarNode s when s.Value is { } v && s.Tag.IsEmpty && RefUri.IsRef(v):
                refs.Add(s);
                break;
            case YamlMappingNode m:
                foreach (var (_, value) in m.Children) Collect(value, refs);
                break;
            case YamlSequenceNode q:
                foreach (var child in q.Children) Collect(child, refs);
                break;
        }
    }
}
