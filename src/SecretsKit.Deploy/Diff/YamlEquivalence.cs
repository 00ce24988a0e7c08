using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Diff;

/// <summary>
/// Whether two parsed objects hold the same YAML, whatever their layout: a mapping's entries in any order (an object's
/// fields are unordered, as helm-diff reads them), a sequence's items in order, a plain scalar equal only to a plain one
/// with the same text (so <c>1.27</c> and <c>"1.27"</c>, a number and a string, stay different) and a quoted or block
/// scalar to any other non-plain one with the same value. Comments and indentation are not part of it: Helm 4 writes
/// back what a post-renderer returns with its own sequence indentation, so the manifest it stores differs in layout
/// from the one rendered (<see cref="ManifestDocument.SameAs"/>).
/// </summary>
internal static class YamlEquivalence
{
    /// <summary>How deep the comparison goes before it calls two objects different (a manifest is far shallower).</summary>
    private const int MaxDepth = 200;

    public static bool Same(YamlNode left, YamlNode right) => Same(left, right, 0);

    private static bool Same(YamlNode left, YamlNode right, int depth)
    {
        if (depth > MaxDepth) return false;
        switch (left, right)
        {
            case (YamlScalarNode a, YamlScalarNode b):
                return a.Value == b.Value && a.Tag == b.Tag && (a.Style == ScalarStyle.Plain) == (b.Style == ScalarStyle.Plain);
            case (YamlSequenceNode a, YamlSequenceNode b):
                return a.Tag == b.Tag && a.Children.Count == b.Children.Count
                       && a.Children.Zip(b.Children).All(pair => Same(pair.First, pair.Second, depth + 1));
            case (YamlMappingNode a, YamlMappingNode b):
                return a.Tag == b.Tag && a.Children.Count == b.Children.Count
                       && a.Children.All(entry => b.Children.TryGetValue(entry.Key, out var other) && Same(entry.Value, other, depth + 1));
            default:
                return false;
        }
    }
}
