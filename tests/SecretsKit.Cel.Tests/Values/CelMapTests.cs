using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Values;

public sealed class CelMapTests
{
    /// <summary>A map handed distinct keys (a decoded object's fields) finds each as the map built entry by entry does,
    /// small (searched in order) and large (indexed), and keeps only the first <c>count</c> of the arrays.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(40)]
    public void A_map_of_distinct_keys_reads_as_one_built_entry_by_entry(int count)
    {
        var keys = new object[count + 2];
        var values = new object?[count + 2];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = $"field{i}";
            values[i] = (long)i;
        }
        var distinct = CelMap.OfDistinct(keys, values, count);
        var built = new CelMap(Enumerable.Range(0, count).Select(i => new KeyValuePair<object, object?>($"field{i}", (long)i)));
        Assert.Equal(built.Count, distinct.Count);
        Assert.Equal(built.Keys, distinct.Keys);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(built.TryGetValue($"field{i}", out var expected), distinct.TryGetValue($"field{i}", out var actual));
            Assert.Equal(expected, actual);
        }
        Assert.False(distinct.ContainsKey(1L));
    }

    [Fact]
    public void A_count_past_the_arrays_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CelMap.OfDistinct(["a"], [1L], 2));
}
