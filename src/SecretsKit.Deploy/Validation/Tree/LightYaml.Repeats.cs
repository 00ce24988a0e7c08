namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// Repeated block values: in a sequence's items, a large block value of a key whose bytes repeat an earlier item's value
/// of the same key is that value's node, as an alias would share it (the tree's readers take shared nodes).
/// </summary>
internal ref partial struct LightYaml
{
    /// <summary>Smaller values are parsed again: a comparison would save little.</summary>
    private const int MinRepeated = 512;

    /// <summary>Values kept per sequence for comparison.</summary>
    private const int MaxRepeated = 8;

    /// <summary>
    /// The block value of <paramref name="key"/> in a mapping that is an item of a block sequence, whose earlier items'
    /// large block values of the same key at the same column are <c>_repeats[siblings..]</c>: when the value's bytes
    /// repeat one of those byte for byte and a line that ends the value follows, it is that value's node (shared, as an
    /// alias shares it), and is not parsed again. A CRD lists its versions so, most often each with the same schema.
    /// </summary>
    private ManifestNode ItemBlockValue(int siblings, string key, int indent)
    {
        var start = _pos;
        for (var i = siblings; i < _repeats.Count; i++)
        {
            var earlier = _repeats[i];
            if (earlier.Indent != indent || earlier.Key != key || !Repeats(earlier, start)) continue;
            _pos = start + earlier.Length;
            _nodes += earlier.Nodes;
            return earlier.Node;
        }
        var nodes = _nodes;
        var value = BlockValue(indent, indentlessSequence: true);
        if (_pos - start >= MinRepeated && _repeats.Count - siblings < MaxRepeated && EndsValue(_pos, indent))
        {
            _repeats.Add(new Repeatable(key, indent, start, _pos - start, value, _nodes - nodes));
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

    /// <summary>A block value read in a sequence's item: its key and the key's column, its bytes, its node and the nodes
    /// below it.</summary>
    private readonly record struct Repeatable(string Key, int Indent, int Start, int Length, ManifestNode Node, int Nodes);
}
