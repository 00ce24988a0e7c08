using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Layers state documents (<c>bases:</c> files, then the <c>---</c> parts of a file, in order): mappings merge key by key,
/// a later scalar or list replaces an earlier one, except the top-level <c>releases</c>, <c>repositories</c> and
/// <c>helmfiles</c> lists, which append.
/// </summary>
internal static class StateLayers
{
    private static readonly string[] Appended = ["releases", "repositories", "helmfiles"];

    public static void Merge(YamlMappingNode target, YamlMappingNode source, bool topLevel = true)
    {
        foreach (var (key, value) in source.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (target.Children.TryGetValue(key, out var existing))
            {
                if (existing is YamlMappingNode a && value is YamlMappingNode b)
                {
                    Merge(a, b, topLevel: false);
                    continue;
                }
                if (topLevel && existing is YamlSequenceNode list && value is YamlSequenceNode more && Appended.Contains(name, StringComparer.Ordinal))
                {
                    foreach (var item in more.Children) list.Add(item);
                    continue;
                }
            }
            target.Children[key] = value;
        }
    }
}
