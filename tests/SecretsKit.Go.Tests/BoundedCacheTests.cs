namespace SecretsKit.Go.Tests;

/// <summary>The one bounded compile cache (Go's shared regexps, CEL's regexps and programs, Deploy's CEL and schema patterns).</summary>
public sealed class BoundedCacheTests
{
    [Fact]
    public void A_kept_key_is_created_once_and_past_the_capacity_values_are_created_each_time_and_not_kept()
    {
        var cache = new BoundedCache<string, object>(2, StringComparer.Ordinal);
        var created = 0;
        object Create(string key) { created++; return new object(); }

        var a = cache.GetOrAdd("a", Create);
        Assert.Same(a, cache.GetOrAdd("a", Create));
        cache.GetOrAdd("b", Create);
        Assert.Equal(2, created);
        Assert.Equal(2, cache.Count);

        var c1 = cache.GetOrAdd("c", Create);
        var c2 = cache.GetOrAdd("c", Create);
        Assert.NotSame(c1, c2);
        Assert.Equal(4, created);
        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.GetOrAdd("a", Create));
    }

    [Fact]
    public void The_key_comparer_is_the_callers()
    {
        var cache = new BoundedCache<string, string>(4, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("first", cache.GetOrAdd("Key", _ => "first"));
        Assert.Equal("first", cache.GetOrAdd("KEY", _ => "second"));
    }
}
