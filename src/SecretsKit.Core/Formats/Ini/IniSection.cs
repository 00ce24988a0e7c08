namespace SecretsKit.Core.Formats.Ini;

/// <summary>One go-ini section: a name, its comment (raw lines, comment characters kept) and keys in first-seen order.</summary>
internal sealed class IniSection(string name)
{
    public const string DefaultName = "DEFAULT";

    private readonly List<IniKey> _keys = [];
    private readonly Dictionary<string, IniKey> _byName = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public string Comment { get; set; } = "";

    public IReadOnlyList<IniKey> Keys => _keys;

    /// <summary>go-ini <c>NewKey</c>: a repeated name keeps its first position and takes the new value.</summary>
    public IniKey SetKey(string keyName, string value)
    {
        if (_byName.TryGetValue(keyName, out var existing))
        {
            existing.Value = value;
            return existing;
        }
        var key = new IniKey(keyName, value);
        _keys.Add(key);
        _byName.Add(keyName, key);
        return key;
    }
}
