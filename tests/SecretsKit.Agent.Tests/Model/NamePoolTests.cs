using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Tests.Model;

public sealed class NamePoolTests
{
    [Fact]
    public void Equal_names_from_different_objects_come_back_as_one_copy()
    {
        var pool = new NamePool();
        var first = new string("password".AsSpan());
        var second = new string("password".AsSpan());
        Assert.NotSame(first, second);

        Assert.Same(first, pool.Get(first));
        Assert.Same(first, pool.Get(second));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void A_full_pool_or_a_long_name_is_not_pooled_and_the_name_is_kept_as_it_is()
    {
        var pool = new NamePool(capacity: 2);
        pool.Get("a");
        pool.Get("b");
        var third = new string("c".AsSpan());
        var long1 = new string('x', NamePool.MaxLength + 1);

        Assert.Same(third, pool.Get(third));
        Assert.Same(long1, pool.Get(long1));
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void A_compact_map_built_with_a_pool_holds_the_pooled_key_names()
    {
        var pool = new NamePool();
        var a = CompactMap<byte[]>.Of(new Dictionary<string, byte[]> { [new string("user".AsSpan())] = [1] }, pool);
        var b = CompactMap<byte[]>.Of(new Dictionary<string, byte[]> { [new string("user".AsSpan())] = [2] }, pool);

        Assert.Same(a.Keys.Single(), b.Keys.Single());
        Assert.Equal([2], b["user"]);
    }
}
