namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// Repeated block values: a large block value whose bytes repeat, byte for byte, an earlier value of the same key at the
/// same column of the document is that value's node, as an alias would share it, and is not parsed again. The tree's
/// readers take shared nodes; what depends on where a node sits (the CEL values of <c>Validation/Rules</c>) is kept by
/// node and schema. A CRD repeats so: its versions most often carry the same schema, and one schema the same types in
/// several places.
/// </summary>
internal ref partial struct LightYaml
{
    /// <summary>Smaller values are parsed again: a comparison would save little.</summary>
    private const int MinRepeated = 512;

    /// <summary>Earlier values of a key kept for comparison: the most recent.</summary>
    private const int MaxRepeated = 4;

    /// <summary>The block value of <paramref name="key"/> (at column <paramref name="indent"/>): an earlier value's node
    /// when its bytes repeat here and a line that ends the value follows both, else the value read now.</summary>
    private ManifestNode KeyBlockValue(string key, int indent)
    {
        var start = _pos;
        Repeatable[]? earlier = null;
        if (_repeatable?.TryGetValue(key, out earlier) == true)
        {
            foreach (var candidate in earlier!)
            {
                if (candidate.Node is not { } node) break;
                if (candidate.Indent != indent || _depth + candidate.Height > MaxDepth || !Repeats(candidate, start)) continue;
                _pos = start + candidate.Length;
                _nodes += candidate.Nodes;
                return node;
            }
        }
        var (nodes, deepest) = (_nodes, _deepest);
        _deepest = _depth;
        var value = BlockValue(indent, indentlessSequence: true);
        var height = _deepest - _depth;
        _deepest = Math.Max(deepest, _deepest);
        if (_pos - start >= MinRepeated && EndsValue(_pos, indent))
        {
            if (earlier is null) (_repeatable ??= new Dictionary<string, Repeatable[]>(StringComparer.Ordinal))[key] = earlier = new Repeatable[MaxRepeated];
            Array.Copy(earlier, 0, earlier, 1, MaxRepeated - 1);
            earlier[0] = new Repeatable(indent, start, _pos - start, height, value, _nodes - nodes);
        }
        return value;
    }

    /// <summary>Whether the bytes at <paramref name="start"/> repeat <paramref name="earlier"/>'s and a line that ends
    /// the value follows them; the bytes compared are charged to the document's budget.</summary>
    private bool Repeats(Repeatable earlier, int start)
    {
        var length = earlier.Length;
        if (length > _end - start || length > _compareBudget) return false;
        var same = _text.Slice(start, length).CommonPrefixLength(_text.Slice(earlier.Start, length));
        _compareBudget -= Math.Min(same + 1, length);
        return same == length && EndsValue(start + length, earlier.Indent);
    }

    /// <summary>
    /// Whether the line at <paramref name="at"/> (a line's start) ends the block value of a key at column
    /// <paramref name="indent"/>, so that what was read before it does not depend on it: a content line (not blank, not
    /// a comment) indented less than the key, or as much and not a dash (which would go on an indentless sequence). The
    /// document's end does not count: a block scalar's last line break depends on it.
    /// </summary>
    private bool EndsValue(int at, int indent)
    {
        if (at >= _end) return false;
        var end = LineEnd(at);
        var content = SkipSpaces(at, end);
        if (content == end || _text[content] == '#') return false;
        return content - at < indent || content - at == indent && !IsDash(content);
    }

    /// <summary>A block value read: its key's column, its bytes, how many collections deep it goes below its key's
    /// mapping, its node (null: an empty slot) and the nodes below it.</summary>
    private readonly record struct Repeatable(int Indent, int Start, int Length, int Height, ManifestNode? Node, int Nodes);
}
