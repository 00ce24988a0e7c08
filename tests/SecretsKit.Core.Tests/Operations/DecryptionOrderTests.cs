using SecretsKit.Core.Operations;

namespace SecretsKit.Core.Tests.Operations;

public sealed class DecryptionOrderTests
{
    private static readonly (string Type, string Name)[] Keys =
        [("pgp", "p1"), ("kms", "k1"), ("age", "a1"), ("pgp", "p2"), ("hc_vault", "v1"), ("age", "a2"), ("kms", "k2")];

    [Fact]
    public void Default_order_puts_age_then_pgp_first_and_keeps_the_rest_in_file_order()
    {
        var sorted = DecryptionOrder.Default.Sort(Keys, k => k.Type).Select(k => k.Name);
        Assert.Equal(["a1", "a2", "p1", "p2", "k1", "v1", "k2"], sorted);
    }

    [Fact]
    public void Listed_types_come_in_list_order_and_ties_keep_their_input_order()
    {
        var sorted = DecryptionOrder.Parse("kms, age").Sort(Keys, k => k.Type).Select(k => k.Name);
        Assert.Equal(["k1", "k2", "a1", "a2", "p1", "p2", "v1"], sorted);
    }

    [Fact]
    public void Sorting_an_empty_group_gives_nothing()
    {
        Assert.Empty(DecryptionOrder.Parse("pgp").Sort(Array.Empty<(string Type, string Name)>(), k => k.Type));
    }
}
