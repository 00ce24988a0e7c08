namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// A node of a parsed manifest document, as the validator walks it: what <see cref="LightYaml"/> builds directly from
/// the common shape of <c>helm template</c> output and <see cref="YamlEventTree"/> builds from YamlDotNet's parser
/// events for everything else.
/// </summary>
internal abstract class ManifestNode;

/// <summary>A mapping or a sequence.</summary>
internal abstract class ManifestCollection : ManifestNode
{
    /// <summary>A large value the light parser kept to share where its bytes repeat (<see cref="RepeatedValues"/>): it
    /// may stand in several places, of this document and others, so what is worked out for it once may be kept. Set
    /// before the node is shared, never after.</summary>
    public bool MayRepeat { get; internal set; }
}

/// <summary>
/// A scalar: its text, whether it was plain (unquoted, not a block scalar) and its explicit tag, if any. The text of a
/// block scalar the light parser read may be made on first use: most (a CRD's descriptions) are never read.
/// </summary>
internal sealed class ManifestScalar : ManifestNode
{
    /// <summary>The empty plain scalar of <c>key:</c> with nothing after it.</summary>
    public static readonly ManifestScalar Empty = new("", plain: true);

    /// <summary>The text, or the <see cref="DeferredText"/> that makes it (one field: a tree holds thousands of scalars).</summary>
    private object _text;

    public ManifestScalar(string value, bool plain, string? tag = null)
    {
        _text = value;
        Plain = plain;
        Tag = tag;
    }

    /// <summary>A scalar whose text <paramref name="read"/> makes when it is first asked for (same text every call).</summary>
    public ManifestScalar(DeferredText read, bool plain)
    {
        _text = read;
        Plain = plain;
    }

    /// <summary>The text; threads that race to make it make the same string, and one of them is kept.</summary>
    public string Value
    {
        get
        {
            var text = _text;
            if (text is string value) return value;
            value = ((DeferredText)text).Make();
            _text = value;
            return value;
        }
    }

    /// <summary>Plain scalars are typed by their text (null, booleans, numbers); quoted and block scalars are strings.</summary>
    public bool Plain { get; }

    public string? Tag { get; }
}

/// <summary>The text of a scalar made when it is first read (a block scalar's, by the parser that checked it).</summary>
internal abstract class DeferredText
{
    /// <summary>Makes the text: the same text at every call.</summary>
    public abstract string Make();
}

/// <summary>A sequence (block or flow).</summary>
internal sealed class ManifestSequence : ManifestCollection
{
    public ManifestSequence() => Items = [];

    /// <summary>A sequence whose item count is known: its list is made that size.</summary>
    public ManifestSequence(int capacity) => Items = new List<ManifestNode>(capacity);

    public List<ManifestNode> Items { get; }
}

/// <summary>An alias YamlDotNet left unresolved; kept so that findings name it as before.</summary>
internal sealed class ManifestAlias : ManifestNode
{
    public static readonly ManifestAlias Instance = new();
}

/// <summary>
/// A mapping, entries in document order. Keys are unique: a key written twice holds its last value and is listed in
/// <see cref="Duplicates"/> (the light parser leaves such documents to <see cref="YamlEventTree"/>).
/// </summary>
internal sealed class ManifestMapping : ManifestCollection
{
    private List<string>? _duplicates;

    public ManifestMapping() => Entries = [];

    /// <summary>A mapping whose entry count is known: its list is made that size.</summary>
    public ManifestMapping(int capacity) => Entries = new List<ManifestEntry>(capacity);

    public List<ManifestEntry> Entries { get; }

    /// <summary>The keys written more than once, in the order their repeats appear.</summary>
    public IReadOnlyList<string> Duplicates => _duplicates ?? (IReadOnlyList<string>)[];

    public void AddDuplicate(string key) => (_duplicates ??= []).Add(key);

    /// <summary>The value under the untagged scalar key <paramref name="key"/>, as YamlDotNet's lookup by a scalar node finds it.</summary>
    public ManifestNode? Find(string key)
    {
        // a schema's reader asks each node for some thirty keywords, most absent: a plain loop over the entries, lengths first
        foreach (ref readonly var entry in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Entries))
        {
            if (entry.Key.Length == key.Length && entry.Findable && string.Equals(entry.Key, key, StringComparison.Ordinal)) return entry.Value;
        }
        return null;
    }

    /// <summary>The text of the scalar under <paramref name="key"/>, or null when there is none or it is not a scalar.</summary>
    public string? Text(string key) => Find(key) is ManifestScalar s ? s.Value : null;
}

/// <summary>
/// One mapping entry: the key's text ("" when the key is not a scalar), whether a lookup by name finds it (an untagged
/// scalar key) and the value.
/// </summary>
internal readonly record struct ManifestEntry(string Key, bool Findable, ManifestNode Value);
