namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// The placeholders of one release and what each stands for: the decrypted value and its values key. Held in memory
/// (and, for the post-renderer, in the run's encrypted session) only; messages name the values key, never the value.
/// </summary>
public sealed class PlaceholderTable
{
    /// <summary>A fragment of a placeholder's digest this long is recognised on its own (48 bits: no accidental match).</summary>
    public const int FragmentLength = 12;

    private readonly Dictionary<string, (string Value, string Key)> _entries = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _fragments;

    public int Count => _entries.Count;

    public IEnumerable<(string Placeholder, string Value, string Key)> Entries => _entries.Select(e => (e.Key, e.Value.Value, e.Value.Key));

    public void Add(string placeholder, string value, string key)
    {
        _entries[placeholder] = (value, key);
        _fragments = null;
    }

    public bool TryGet(string placeholder, out string value, out string key)
    {
        if (_entries.TryGetValue(placeholder, out var entry))
        {
            (value, key) = entry;
            return true;
        }
        (value, key) = ("", "");
        return false;
    }

    /// <summary>The values key whose placeholder's digest holds <paramref name="hex"/> (lower case, at least <see cref="FragmentLength"/> long), or null.</summary>
    public string? KeyOfFragment(string hex)
    {
        if (hex.Length < FragmentLength) return null;
        var index = _fragments ??= BuildFragments();
        for (var i = 0; i + FragmentLength <= hex.Length; i++)
        {
            if (index.TryGetValue(hex.Substring(i, FragmentLength), out var key)) return key;
        }
        return null;
    }

    /// <summary>The values key of the placeholder starting with <paramref name="prefix"/> (a prefix and at least 6 hex digits), or null.</summary>
    public string? KeyOfPrefix(string prefix)
    {
        if (prefix.Length < Placeholder.Prefix.Length + 6) return null;
        return _entries.FirstOrDefault(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Value.Key;
    }

    private Dictionary<string, string> BuildFragments()
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (placeholder, (_, key)) in _entries)
        {
            var digest = placeholder[Placeholder.Prefix.Length..];
            for (var i = 0; i + FragmentLength <= digest.Length; i++) index.TryAdd(digest.Substring(i, FragmentLength), key);
        }
        return index;
    }
}
