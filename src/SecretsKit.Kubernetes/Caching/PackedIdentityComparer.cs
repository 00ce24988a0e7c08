using System.Text;

namespace SecretsKit.Kubernetes.Caching;

/// <summary>
/// Equality of packed cache objects by the namespace and name they lead with (<see cref="PackedJson.NamespaceOf"/>,
/// <see cref="PackedJson.NameOf"/>), and of a <c>(namespace, name)</c> pair with them: an <see cref="ObjectCache"/> finds
/// its objects by name with no <c>namespace/name</c> string kept beside each (at 100,000 objects, about 80 bytes an
/// object with its dictionary entry). A missing namespace and an empty one are the same, as in <see cref="ObjectCache.KeyOf"/>.
/// The hash is <see cref="HashCode"/>'s, seeded per process, so names chosen by a tenant cannot pile into one bucket.
/// </summary>
internal sealed class PackedIdentityComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<(string? Namespace, string Name), byte[]>
{
    public static readonly PackedIdentityComparer Instance = new();

    private const int StackLimit = 512;

    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null
            && PackedJson.NamespaceOf(x).SequenceEqual(PackedJson.NamespaceOf(y)) && PackedJson.NameOf(x).SequenceEqual(PackedJson.NameOf(y)));

    public int GetHashCode(byte[] obj) => Hash(PackedJson.NamespaceOf(obj), PackedJson.NameOf(obj));

    public bool Equals((string? Namespace, string Name) alternate, byte[] other) =>
        Utf8Equals(alternate.Namespace, PackedJson.NamespaceOf(other)) && Utf8Equals(alternate.Name, PackedJson.NameOf(other));

    public int GetHashCode((string? Namespace, string Name) alternate)
    {
        var ns = alternate.Namespace ?? "";
        var length = Encoding.UTF8.GetMaxByteCount(ns.Length + alternate.Name.Length);
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        var nsBytes = Encoding.UTF8.GetBytes(ns, buffer);
        var nameBytes = Encoding.UTF8.GetBytes(alternate.Name, buffer[nsBytes..]);
        return Hash(buffer[..nsBytes], buffer.Slice(nsBytes, nameBytes));
    }

    /// <summary>Never called: the cache adds packed objects, never pairs.</summary>
    public byte[] Create((string? Namespace, string Name) alternate) => throw new NotSupportedException("a cache holds packed objects only");

    private static int Hash(ReadOnlySpan<byte> ns, ReadOnlySpan<byte> name)
    {
        var hash = new HashCode();
        hash.AddBytes(ns);
        hash.Add(ns.Length);
        hash.AddBytes(name);
        return hash.ToHashCode();
    }

    private static bool Utf8Equals(string? text, ReadOnlySpan<byte> utf8)
    {
        text ??= "";
        if (utf8.Length < text.Length || utf8.Length > text.Length * 3) return false;
        Span<byte> buffer = utf8.Length <= StackLimit ? stackalloc byte[text.Length * 3] : new byte[text.Length * 3];
        var written = Encoding.UTF8.GetBytes(text, buffer);
        return buffer[..written].SequenceEqual(utf8);
    }
}
