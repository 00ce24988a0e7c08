using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Tests.Model;

public sealed class CompactMapTests
{
    [Fact]
    public void A_small_map_keeps_its_entries_in_order_and_answers_lookups()
    {
        var source = new Dictionary<string, string>(StringComparer.Ordinal) { ["b"] = "2", ["a"] = "1", ["c"] = "3" };

        var map = CompactMap<string>.Of(source);
        source["d"] = "4"; // the compact copy does not follow later changes of its source

        Assert.IsType<CompactMap<string>>(map);
        Assert.Equal(["b", "a", "c"], map.Keys);
        Assert.Equal(3, map.Count);
        Assert.Equal("1", map["a"]);
        Assert.True(map.TryGetValue("c", out var c) && c == "3");
        Assert.False(map.ContainsKey("A"));
        Assert.False(map.ContainsKey("d"));
        Assert.Throws<KeyNotFoundException>(() => map["zz"]);
    }

    [Fact]
    public void Empty_maps_share_one_instance_and_large_maps_are_kept_as_they_are()
    {
        var large = Enumerable.Range(0, CompactMap<byte[]>.MaxEntries + 1).ToDictionary(i => $"k{i}", i => new byte[] { (byte)i });

        Assert.Same(CompactMap<string>.Of(new Dictionary<string, string>()), CompactMap<string>.Of(new Dictionary<string, string>()));
        Assert.Same(large, CompactMap<byte[]>.Of(large));
    }
}
