using System.Collections.Concurrent;

namespace SecretsKit.Agent.Model;

/// <summary>
/// One copy of the short names that repeat across objects (the key names of desired Secrets: <c>password</c>,
/// <c>username</c>, <c>tls.crt</c>), instead of one per object. Bounded, so names chosen by tenants cannot grow it without
/// limit: once <see cref="Capacity"/> names are held, or for a name longer than <see cref="MaxLength"/>, the name is kept as
/// it is. Unlike <see cref="string.Intern(string)"/> it is never global and nothing is held for the life of the process.
/// </summary>
internal sealed class NamePool(int capacity = NamePool.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    public const int MaxLength = 64;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>The pool the agent's desired Secrets share.</summary>
    public static NamePool Shared { get; } = new();

    public int Capacity => capacity;

    public int Count => _names.Count;

    /// <summary>The pooled copy of <paramref name="name"/>, added when there is room.</summary>
    public string Get(string name)
    {
        if (_names.TryGetValue(name, out var pooled)) return pooled;
        if (name.Length > MaxLength || _names.Count >= capacity) return name;
        return _names.GetOrAdd(name, name);
    }
}
