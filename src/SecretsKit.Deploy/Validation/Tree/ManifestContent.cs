namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// A subtree's content, hashed and compared: two nodes have the same content when they are the same kind of node with
/// the same scalars (text, plain or quoted, tag), the same mapping entries in the same order (keys, findability) and the
/// same items. Within a node budget and a depth bound (an attacker's deep or huge subtree is simply not hashed), and
/// without recursion past that bound.
/// </summary>
internal static class ManifestContent
{
    /// <summary>Past this depth below the node a subtree is not hashed.</summary>
    public const int MaxDepth = 64;

    /// <summary>The hash of <paramref name="node"/>'s content, or false when the subtree has more than
    /// <paramref name="maxNodes"/> nodes or is deeper than <see cref="MaxDepth"/>.</summary>
    public static bool TryHash(ManifestNode node, int maxNodes, out int hash)
    {
        var budget = maxNodes;
        var h = new HashCode();
        var ok = Add(ref h, node, ref budget, 0);
        hash = h.ToHashCode();
        return ok;
    }

    private static bool Add(ref HashCode h, ManifestNode node, ref int budget, int depth)
    {
        if (--budget < 0 || depth > MaxDepth) return false;
        switch (node)
        {
            case ManifestScalar scalar:
                h.Add(1);
                h.Add(scalar.Value);
                h.Add(scalar.Plain);
                h.Add(scalar.Tag);
                return true;
            case ManifestMapping map:
                h.Add(2);
                h.Add(map.Entries.Count);
                foreach (var (key, findable, value) in map.Entries)
                {
                    h.Add(key);
                    h.Add(findable);
                    if (!Add(ref h, value, ref budget, depth + 1)) return false;
                }
                return true;
            case ManifestSequence seq:
                h.Add(3);
                h.Add(seq.Items.Count);
                foreach (var item in seq.Items)
                {
                    if (!Add(ref h, item, ref budget, depth + 1)) return false;
                }
                return true;
            default:
                h.Add(4); // an unresolved alias: one instance
                h.Add(node.GetHashCode());
                return true;
        }
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> have the same content (both hashed within
    /// bounds before: the walk is bounded by their depth).</summary>
    public static bool Same(ManifestNode a, ManifestNode b, int depth = 0)
    {
        if (ReferenceEquals(a, b)) return true;
        if (depth > MaxDepth) return false;
        switch (a)
        {
            case ManifestScalar x when b is ManifestScalar y:
                return x.Plain == y.Plain && string.Equals(x.Tag, y.Tag, StringComparison.Ordinal) && string.Equals(x.Value, y.Value, StringComparison.Ordinal);
            case ManifestMapping x when b is ManifestMapping y:
                if (x.Entries.Count != y.Entries.Count) return false;
                for (var i = 0; i < x.Entries.Count; i++)
                {
                    var (e, f) = (x.Entries[i], y.Entries[i]);
                    if (e.Findable != f.Findable || !string.Equals(e.Key, f.Key, StringComparison.Ordinal) || !Same(e.Value, f.Value, depth + 1)) return false;
                }
                return true;
            case ManifestSequence x when b is ManifestSequence y:
                if (x.Items.Count != y.Items.Count) return false;
                for (var i = 0; i < x.Items.Count; i++)
                {
                    if (!Same(x.Items[i], y.Items[i], depth + 1)) return false;
                }
                return true;
            default:
                return false;
        }
    }
}
