using System.Collections;

namespace SecretsKit.Go.Values;

/// <summary>
/// A Go slice with a concrete element type (<c>[]string</c> from <c>splitList</c>/<c>keys</c>/<c>toStrings</c>,
/// <c>[]int</c> from <c>until</c>). Any other <see cref="IReadOnlyList{T}"/> of <c>object?</c> is a
/// <c>[]interface {}</c>. Elements are held in the value model (a <c>[]string</c> holds C# strings, a <c>[]int</c> longs).
/// <see cref="IsNil"/> marks a nil slice (prints <c>[]</c>, <c>toJson</c> gives <c>null</c>).
/// </summary>
public sealed class GoSlice(string elementType, IReadOnlyList<object?> items, bool isNil = false) : IReadOnlyList<object?>
{
    /// <summary>A <c>[]string</c>.</summary>
    public static GoSlice Strings(IEnumerable<string> items) => new("string", items.Cast<object?>().ToList());

    /// <summary>A <c>[]int</c>.</summary>
    public static GoSlice Ints(IEnumerable<long> items) => new("int", items.Select(i => (object?)i).ToList());

    /// <summary>The Go element type, e.g. <c>string</c>.</summary>
    public string ElementType { get; } = elementType;

    /// <summary>The Go type, e.g. <c>[]string</c>.</summary>
    public string TypeName => "[]" + ElementType;

    public bool IsNil { get; } = isNil && items.Count == 0;

    public object? this[int index] => items[index];

    public int Count => items.Count;

    public IEnumerator<object?> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
