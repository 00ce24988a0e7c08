using System.Runtime.CompilerServices;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release;

/// <summary>
/// Which file each YAML node of a layered state came from: a <c>bases:</c> file's nodes are merged into the main
/// file's tree, so an error on one of them must name the base file (with its line), not the state that listed it.
/// Held weakly per node; a node never marked is the reader's own file.
/// </summary>
internal static class StateNodeOrigins
{
    private static readonly ConditionalWeakTable<YamlNode, string> Origins = new();

    /// <summary>Marks <paramref name="root"/> and every node under it (keys too) as read from <paramref name="file"/>.</summary>
    public static void Mark(YamlNode root, string file)
    {
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            Origins.AddOrUpdate(node, file);
            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        pending.Push(key);
                        pending.Push(value);
                    }
                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children) pending.Push(item);
                    break;
            }
        }
    }

    /// <summary>The file <paramref name="node"/> was read from, when it was marked.</summary>
    public static string? Of(YamlNode node) => Origins.TryGetValue(node, out var file) ? file : null;
}
