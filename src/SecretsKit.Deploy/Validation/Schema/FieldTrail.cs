namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// The path of the node a schema walk is at, kept as a stack of keys and indexes and worded as <see cref="FieldPath"/>
/// words it only when a finding needs it (<see cref="ToString"/>): most nodes of a valid document never need theirs.
/// </summary>
internal sealed class FieldTrail
{
    private readonly List<(string? Key, int Index)> _segments = [];
    private string? _text = "";

    public void Push(string key)
    {
        _segments.Add((key, 0));
        _text = null;
    }

    public void Push(int index)
    {
        _segments.Add((null, index));
        _text = null;
    }

    public void Pop()
    {
        _segments.RemoveAt(_segments.Count - 1);
        _text = null;
    }

    /// <summary>The path as a finding names it: <c>spec.rules[0].matches</c> (empty at the root); kept until the trail moves.</summary>
    public override string ToString()
    {
        if (_text is { } known) return known;
        var path = "";
        foreach (var (key, index) in _segments) path = key is null ? $"{path}[{index}]" : FieldPath.Join(path, key);
        return _text = path;
    }
}
