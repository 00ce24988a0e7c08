using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// Remembers (plaintext, AAD) → IV from a decrypt so that re-encrypting an unchanged value with the same data key
/// reproduces its ciphertext (spec §2, "IV stash"). Keys are the exact decrypted bytes, the AAD and the type tag, so an
/// IV is only ever reused for byte-identical plaintext under the same AAD. Not thread-safe.
/// </summary>
public sealed class IvStash
{
    private readonly Dictionary<Entry, byte[]> _ivs;
    private readonly Dictionary<Entry, byte[]>.AlternateLookup<EntryView> _lookup;

    public IvStash()
    {
        _ivs = new Dictionary<Entry, byte[]>(EntryComparer.Instance);
        _lookup = _ivs.GetAlternateLookup<EntryView>();
    }

    // Recorded entries not yet in the dictionary: a decrypt records every value but most decrypts never look one up,
    // so hashing and indexing wait for the first lookup (in recording order, so a later record still wins).
    private readonly List<(Entry Entry, byte[] Iv)> _unindexed = [];

    /// <summary>How many (plaintext, AAD) pairs are remembered.</summary>
    public int Count
    {
        get
        {
            Index();
            return _ivs.Count;
        }
    }

    internal void Record(string aad, string type, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> iv) =>
        _unindexed.Add((new Entry(aad, type, plaintext.ToArray()), iv.ToArray()));

    internal bool TryGet(string aad, string type, ReadOnlySpan<byte> plaintext, out byte[] iv)
    {
        Index();
        var found = _lookup.TryGetValue(new EntryView(aad, type, plaintext), out var stashed);
        iv = stashed ?? [];
        return found;
    }

    private void Index()
    {
        if (_unindexed.Count == 0) return;
        _ivs.EnsureCapacity(_ivs.Count + _unindexed.Count);
        foreach (var (entry, iv) in _unindexed) _ivs[entry] = iv;
        _unindexed.Clear();
        _unindexed.TrimExcess();
    }

    private sealed record Entry(string Aad, string Type, byte[] Plaintext);

    /// <summary>A lookup key over a borrowed plaintext span, so lookups do not copy the plaintext.</summary>
    private readonly ref struct EntryView(string aad, string type, ReadOnlySpan<byte> plaintext)
    {
        public string Aad { get; } = aad;

        public string Type { get; } = type;

        public ReadOnlySpan<byte> Plaintext { get; } = plaintext;
    }

    private sealed class EntryComparer : IEqualityComparer<Entry>, IAlternateEqualityComparer<EntryView, Entry>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals(Entry? x, Entry? y) =>
            ReferenceEquals(x, y) ||
            (x is not null && y is not null && x.Aad == y.Aad && x.Type == y.Type && x.Plaintext.AsSpan().SequenceEqual(y.Plaintext));

        public int GetHashCode(Entry e) => Hash(e.Aad, e.Type, e.Plaintext);

        public bool Equals(EntryView view, Entry e) =>
            view.Aad == e.Aad && view.Type == e.Type && view.Plaintext.SequenceEqual(e.Plaintext);

        public int GetHashCode(EntryView view) => Hash(view.Aad, view.Type, view.Plaintext);

        public Entry Create(EntryView view) => new(view.Aad, view.Type, view.Plaintext.ToArray());

        private static int Hash(string aad, string type, ReadOnlySpan<byte> plaintext)
        {
            var h = new HashCode();
            h.Add(aad, StringComparer.Ordinal);
            h.Add(type, StringComparer.Ordinal);
            h.AddBytes(plaintext);
            return h.ToHashCode();
        }
    }
}
