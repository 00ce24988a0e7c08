using SecretsKit.Deploy.Tests.Validation;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation.Tree;

/// <summary>A subtree's content as the CEL memo compares it: what makes two values the same, and the bounds.</summary>
public sealed class ManifestContentTests
{
    private static ManifestNode Node(string yaml) => RenderedDocument.Split("v: " + yaml + "\n").Single().Root!.Find("v")!;

    [Theory]
    [InlineData("{a: 1, b: [x, y]}", "{a: 1, b: [x, y]}")]
    [InlineData("{a: 1, b: [x, y]}", "\n  a: 1\n  b:\n  - x\n  - y")]
    [InlineData("'x'", "\"x\"")]
    public void The_same_content_written_differently_is_the_same(string a, string b)
    {
        Assert.True(ManifestContent.TryHash(Node(a), 100, out var ha));
        Assert.True(ManifestContent.TryHash(Node(b), 100, out var hb));
        Assert.Equal(ha, hb);
        Assert.True(ManifestContent.Same(Node(a), Node(b)));
    }

    [Theory]
    [InlineData("{a: 1, b: 2}", "{b: 2, a: 1}")]
    [InlineData("[x, y]", "[y, x]")]
    [InlineData("1", "'1'")]
    [InlineData("x", "!!str x")]
    [InlineData("[x]", "{x: }")]
    [InlineData("{a: [x]}", "{a: [x, x]}")]
    [InlineData("{a: {b: 1}}", "{a: {b: 2}}")]
    [InlineData("{a: 1}", "{? [a] : 1}")]
    public void Different_content_is_not_the_same(string a, string b) => Assert.False(ManifestContent.Same(Node(a), Node(b)));

    [Fact]
    public void A_subtree_past_the_node_budget_or_the_depth_bound_is_not_hashed()
    {
        Assert.True(ManifestContent.TryHash(Node("[a, b, c]"), 4, out _));
        Assert.False(ManifestContent.TryHash(Node("[a, b, c]"), 3, out _));
        var deep = new string('[', ManifestContent.MaxDepth + 2) + new string(']', ManifestContent.MaxDepth + 2);
        Assert.False(ManifestContent.TryHash(Node(deep), 10_000, out _));
        Assert.True(ManifestContent.TryHash(Node(new string('[', ManifestContent.MaxDepth) + new string(']', ManifestContent.MaxDepth)), 10_000, out _));
    }
}
