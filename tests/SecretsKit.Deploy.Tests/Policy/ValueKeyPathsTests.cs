using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Tests.Policy;

/// <summary>The key paths of a values document's leaves, as a release record keeps them: every kind of leaf, list items by index, never a value.</summary>
public sealed class ValueKeyPathsTests
{
    [Fact]
    public void Every_leaf_is_named_by_its_path()
    {
        var paths = ValueLeaves.KeyPaths("secrets:\n  dbPassword: s3cret-value\n  port: 5432\n  empty: null\nhosts:\n  - a\n  - b\n").Order(StringComparer.Ordinal);
        Assert.Equal(["hosts[0]", "hosts[1]", "secrets.dbPassword", "secrets.empty", "secrets.port"], paths);
    }

    [Fact]
    public void Only_leaves_the_filter_keeps_are_named()
    {
        var paths = ValueLeaves.KeyPaths("a: resolved-from-vault\nb: plain\n", text => text == "resolved-from-vault");
        Assert.Equal(["a"], paths);
    }

    [Fact]
    public void A_document_that_is_not_a_map_has_no_paths()
    {
        Assert.Empty(ValueLeaves.KeyPaths("- a\n- b\n"));
        Assert.Empty(ValueLeaves.KeyPaths("a: [\n"));
    }
}
