using SecretsKit.Agent.Tests.Controllers.Stores;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Model;

/// <summary>ClusterSecretStore <c>spec.conditions</c> evaluated as ESO does: parts ORed, conditions ORed, an empty condition serves no one.</summary>
public sealed class StoreConditionTests
{
    private static JsonObject Selector(JsonObject selector) => new() { ["namespaceSelector"] = selector };

    private static async Task<AgentCluster> ClusterWith(JsonArray conditions, params (string Name, string? Tenant)[] namespaces)
    {
        var c = await StartAsync();
        foreach (var (name, tenant) in namespaces)
        {
            c.Namespace(name, tenant is null ? null : new Dictionary<string, string> { ["tenant"] = tenant });
            c.ExternalSecret(name, "es", Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]));
        }
        c.Store(null, "shared", FakeProvider(("k", "v")), conditions: conditions);
        await c.PassAsync();
        return c;
    }

    [Fact]
    public async Task Match_expressions_restrict_the_store_to_the_selected_namespaces()
    {
        var expression = new JsonObject { ["key"] = "tenant", ["operator"] = "In", ["values"] = new JsonArray("a") };
        await using var c = await ClusterWith(new JsonArray(Selector(new JsonObject { ["matchExpressions"] = new JsonArray(expression) })),
            ("team-a", "a"), ("team-b", "b"), ("plain", null));

        Assert.Equal("v", c.Value("team-a", "es", "k"));
        Assert.Null(c.TargetSecret("team-b", "es"));
        Assert.Null(c.TargetSecret("plain", "es"));
        Assert.Contains("does not allow namespace 'team-b'", c.ReadyCondition("team-b", "es")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_in_and_does_not_exist_expressions_are_honoured()
    {
        var notIn = new JsonObject { ["key"] = "tenant", ["operator"] = "NotIn", ["values"] = new JsonArray("b") };
        var exists = new JsonObject { ["key"] = "tenant", ["operator"] = "Exists" };
        await using var c = await ClusterWith(new JsonArray(Selector(new JsonObject { ["matchExpressions"] = new JsonArray(notIn, exists) })),
            ("team-a", "a"), ("team-b", "b"), ("plain", null));

        Assert.Equal("v", c.Value("team-a", "es", "k"));
        Assert.Null(c.TargetSecret("team-b", "es"));
        Assert.Null(c.TargetSecret("plain", "es"));
    }

    [Fact]
    public async Task An_empty_condition_serves_no_namespace()
    {
        await using var c = await ClusterWith(new JsonArray(new JsonObject()), ("team-a", "a"), ("team-b", null));

        Assert.Null(c.TargetSecret("team-a", "es"));
        Assert.Null(c.TargetSecret("team-b", "es"));
        Assert.Equal("False", c.ReadyStatus("team-a", "es"));
    }

    [Fact]
    public async Task The_parts_of_one_condition_are_ored()
    {
        var condition = Selector(new JsonObject { ["matchLabels"] = new JsonObject { ["tenant"] = "a" } });
        condition["namespaces"] = new JsonArray("listed");
        condition["namespaceRegexes"] = new JsonArray("^prod-");
        await using var c = await ClusterWith(new JsonArray(condition), ("team-a", "a"), ("listed", null), ("prod-eu", null), ("other", "b"));

        Assert.Equal("v", c.Value("team-a", "es", "k"));
        Assert.Equal("v", c.Value("listed", "es", "k"));
        Assert.Equal("v", c.Value("prod-eu", "es", "k"));
        Assert.Null(c.TargetSecret("other", "es"));
    }

    [Fact]
    public async Task An_unknown_operator_fails_closed_with_a_clear_message()
    {
        var bad = new JsonObject { ["key"] = "tenant", ["operator"] = "Matches", ["values"] = new JsonArray("a") };
        await using var c = await ClusterWith(new JsonArray(Selector(new JsonObject { ["matchExpressions"] = new JsonArray(bad) })), ("team-a", "a"));

        Assert.Null(c.TargetSecret("team-a", "es"));
        Assert.Contains("unknown operator 'Matches'", c.ReadyCondition("team-a", "es")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", "spec.conditions[].namespaceRegexes: invalid regular expression '(': error parsing regexp: missing closing ): `(`")]
    [InlineData("(?<=a)b", "spec.conditions[].namespaceRegexes: invalid regular expression '(?<=a)b': error parsing regexp: invalid named capture: `(?<=a)b`")] // Go 1.22+, as ESO is built with
    public async Task A_namespace_regex_that_does_not_compile_says_what_is_wrong_in_gos_words(string pattern, string expected)
    {
        var condition = new JsonObject { ["namespaceRegexes"] = new JsonArray(pattern) };
        await using var c = await ClusterWith(new JsonArray(condition), ("team-a", null));

        Assert.Null(c.TargetSecret("team-a", "es"));
        Assert.Equal("False", c.ReadyStatus("team-a", "es"));
        Assert.Equal(expected, c.ReadyMessage("team-a", "es"));
    }

    [Fact]
    public async Task A_catastrophic_namespace_regex_matches_in_linear_time_as_in_go()
    {
        var condition = new JsonObject { ["namespaceRegexes"] = new JsonArray("^(a+)+$", "^(t|te|tea|team)+-a$") };
        await using var c = await ClusterWith(new JsonArray(condition), ("team-a", null), ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", null));

        Assert.Equal("v", c.Value("team-a", "es", "k"));
        Assert.Null(c.TargetSecret("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "es"));
        Assert.DoesNotContain("Exception", c.ReadyMessage("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "es"), StringComparison.Ordinal);
    }
}
