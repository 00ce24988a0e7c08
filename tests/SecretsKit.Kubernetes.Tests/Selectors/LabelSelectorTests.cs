using System.Text.Json.Nodes;
using LabelSelector = SecretsKit.Kubernetes.Selectors.LabelSelector;
using InvalidLabelSelectorException = SecretsKit.Kubernetes.Selectors.InvalidLabelSelectorException;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static LabelSelector Parse(string json) => LabelSelector.Parse((JsonObject)JsonNode.Parse(json)!);

    private static Dictionary<string, string> Labels(params (string K, string V)[] labels) => labels.ToDictionary(l => l.K, l => l.V);

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"tenant","operator":"In","values":["a","b"]}]}""", true, false, false)]
    [InlineData("""{"matchExpressions":[{"key":"tenant","operator":"NotIn","values":["a"]}]}""", false, true, true)]
    [InlineData("""{"matchExpressions":[{"key":"tenant","operator":"Exists"}]}""", true, true, false)]
    [InlineData("""{"matchExpressions":[{"key":"tenant","operator":"DoesNotExist"}]}""", false, false, true)]
    [InlineData("""{"matchLabels":{"tenant":"a"},"matchExpressions":[{"key":"env","operator":"In","values":["prod"]}]}""", false, false, false)]
    [InlineData("""{}""", true, true, true)]
    public void Requirements_are_anded_and_evaluated_as_kubernetes_does(string selector, bool a, bool c, bool none)
    {
        var s = Parse(selector);
        Assert.Equal(a, s.Matches(Labels(("tenant", "a"))));
        Assert.Equal(c, s.Matches(Labels(("tenant", "c"))));
        Assert.Equal(none, s.Matches(Labels()));
    }

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"tenant","operator":"Matches","values":["a"]}]}""", "unknown operator 'Matches'")]
    [InlineData("""{"matchExpressions":[{"key":"tenant","operator":"In"}]}""", "needs values")]
    [InlineData("""{"matchExpressions":[{"key":"tenant","operator":"Exists","values":["a"]}]}""", "takes no values")]
    public void An_invalid_selector_is_an_error_not_a_match(string selector, string message)
    {
        var e = Assert.Throws<InvalidLabelSelectorException>(() => Parse(selector).Matches(Labels(("tenant", "a"))));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_query_form_selects_the_same_objects_on_the_api_server()
    {
        await using var cluster = await FakeCluster.StartAsync();
        foreach (var (name, tenant) in new[] { ("ns-a", "a"), ("ns-b", "b"), ("ns-none", (string?)null) })
        {
            var meta = new JsonObject { ["name"] = name };
            if (tenant is not null) meta["labels"] = new JsonObject { ["tenant"] = tenant };
            cluster.Server.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = meta });
        }
        var selector = Parse("""{"matchExpressions":[{"key":"tenant","operator":"NotIn","values":["b"]}]}""");

        var listed = new List<string>();
        await foreach (var ns in cluster.Client.ListAllAsync(ResourceTypes.Namespace, null, new ListOptions { LabelSelector = selector.ToQuery() }))
        {
            listed.Add(ns.GetName()!);
        }

        Assert.Contains("ns-a", listed);
        Assert.Contains("ns-none", listed);
        Assert.DoesNotContain("ns-b", listed);
    }
}
