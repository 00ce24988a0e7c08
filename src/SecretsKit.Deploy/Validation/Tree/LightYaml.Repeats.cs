namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// Repeated block values: a large block value whose bytes repeat, byte for byte, an earlier value of the same key at the
/// same column, in this document or another of the same rendering (<see cref="RepeatedValues"/>), is that value's node,
/// as an alias would share it, and is not parsed again. The tree's readers take shared nodes; what depends on where a
/// node sits (the CEL values of <c>Validation/Rules</c>) is kept by node and schema. A CRD repeats so: its versions most
/// often carry the same schema, one schema the same types in several places, and the CRDs of one API group the same types.
/// </summary>
internal ref partial struct LightYaml
{
    /// <summary>The block value of <paramref name="key"/> (at column <paramref name="indent"/>): an earlier value's node
    /// when its bytes repeat here and a line that ends the value follows both, else the value read now.</summary>
    private ManifestNode KeyBlockValue(string key, int indent)
    {
        var start = _pos;
        if (_repeated is not { } repeated || _end - start < RepeatedValues.MinLength) return BlockValue(indent, indentlessSequence: true);
        var slot = RepeatedValues.Slot(key, indent, _text[start..]);
        var kept = repeated.Earlier(slot);
        for (var compared = 0; kept is not null && compared < RepeatedValues.Compared; kept = kept.Before, compared++)
        {
            var earlier = kept.Value;
            if (_depth + earlier.Height > MaxDepth || !Repeats(earlier, start, indent)) continue;
            _pos = start + earlier.Bytes.Length;
            _nodes += earlier.Nodes;
            _deepest = Math.Max(_deepest, _depth + earlier.Height); // a value holding this one is that much deeper
            return earlier.Node;
        }
        var (nodes, deepest) = (_nodes, _deepest);
        _deepest = _depth;
        var value = BlockValue(indent, indentlessSequence: true);
        var height = _deepest - _depth;
        _deepest = Math.Max(deepest, _deepest);
        if (_pos - start >= RepeatedValues.MinLength && EndsValue(_pos, indent))
        {
            if (value is ManifestCollection collection) collection.MayRepeat = true;
            repeated.Add(slot, new RepeatedValue(_source[start.._pos], height, value, _nodes - nodes));
        }
        return value;
    }

    /// <summary>Whether the bytes at <paramref name="start"/> repeat <paramref name="earlier"/>'s and a line that ends
    /// the value follows them; the bytes compared are charged to the document's budget.</summary>
    private bool Repeats(RepeatedValue earlier, int start, int indent)
    {
        var length = earlier.Bytes.Length;
        if (length > _end - start || length > _compareBudget) return false;
        var same = _text.Slice(start, length).CommonPrefixLength(earlier.Bytes.Span);
        _compareBudget -= Math.Min(same + 1, length);
        return same == length && EndsValue(start + length, indent);
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
}
