namespace SecretsKit.Core.Crypto;

/// <summary>
/// Remembers (plaintext, AAD) → IV from a decrypt so that re-encrypting an unchanged value with the same data key
/// reproduces its ciphertext (spec §2, "IV stash"). Keys are the exact decrypted bytes, the AAD and the type tag, so an
/// IV is only ever reused for byte-identical plaintext under the same AAD. Not thread-safe.
/// </summary>
public sealed class IvStash
{
    private readonly Dictionary<Entry, byte[]> _ivs = new(EntryComparer.Instance);

    /// <summary>How many (plaintext, AAD) pairs are remembered.</summary>
    public int Count => _ivs.Count;

    internal void Record(string aad, string type, ReadOnlySpan<byte> plaintext, byte[] iv) =>
        _ivs[new Entry(aad, type, plaintext.ToArray())] = iv;

    internal bool TryGet(string aad, string type, ReadOnlySpan<byte> plaintext, out byte[] iv)
    {
        if (_ivs.Count == 0)
        {
            iv = [];
            return false;
        }
        var found = _ivs.TryGetValue(new Entry(aad, type, plaintext.ToArray()), out var stashed);
        iv = stashed ?? [];
        return found;
    }

    private sealed record Entry(string Aad, string Type, byte[] Plaintext);

    private sealed class EntryComparer : IEqualityComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals(Entry? x, Entry? y) =>
            ReferenceEquals(x, y) ||
            (x is not null && y is not null && x.Aad == y.Aad && x.Type == y.Type && x.Plaintext.AsSpan().SequenceEqual(y.Plaintext));

        public int GetHashCode(Entry e)
        {
            var h = new HashCode();
            h.Add(e.Aad, StringComparer.Ordinal);
            h.Add(e.Type, StringComparer.Ordinal);
            h.AddBytes(e.Plaintext);
            return h.ToHashCode();
        }
    }
}
