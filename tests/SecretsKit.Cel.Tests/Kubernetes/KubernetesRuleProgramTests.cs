using System.Text.Json;
using SecretsKit.Cel.Kubernetes;
using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Tests.Kubernetes;

/// <summary>A rule compiled once (<see cref="KubernetesRule.Compile"/>) and evaluated on many values answers what
/// <see cref="KubernetesRule.Evaluate"/> answers for each; the values it takes are <see cref="KubernetesValues"/>' parts.</summary>
public sealed class KubernetesRuleProgramTests
{
    private static object? Self(string json)
    {
        using var value = JsonDocument.Parse(json);
        return KubernetesValues.FromJson(value.RootElement.Clone(), null);
    }

    [Fact]
    public void A_compiled_rule_gives_each_value_the_result_the_rule_gives_it()
    {
        var rule = new KubernetesRule("self.replicas <= 5") { MessageExpression = "'replicas ' + string(self.replicas)", FieldPath = ".replicas", Reason = "FieldValueInvalid" };
        var program = rule.Compile();
        foreach (var json in new[] { """{"replicas": 3}""", """{"replicas": 7}""", """{"replicas": "x"}""", "{}", """{"replicas": 9}""" })
        {
            Assert.Equal(rule.Evaluate(Self(json)), program.Evaluate(Self(json)));
        }
        Assert.Equal("replicas 9", program.Evaluate(Self("""{"replicas": 9}""")).Message);
        Assert.Equal(KubernetesRuleOutcome.Passed, program.Evaluate(Self("""{"replicas": 1}""")).Outcome);
    }

    [Fact]
    public void A_compiled_transition_rule_is_skipped_without_an_old_object_and_runs_with_one()
    {
        var program = new KubernetesRule("self == oldSelf") { Message = "immutable" }.Compile();
        Assert.Equal(KubernetesRuleOutcome.Skipped, program.Evaluate("a").Outcome);
        Assert.Equal(KubernetesRuleOutcome.Passed, program.Evaluate("a", "a", hasOldSelf: true).Outcome);
        Assert.Equal("immutable", program.Evaluate("a", "b", hasOldSelf: true).Message);
    }

    [Fact]
    public void A_rule_that_does_not_parse_does_not_compile()
    {
        Assert.Throws<CelSyntaxException>(() => new KubernetesRule("self +").Compile());
        Assert.Equal(KubernetesRuleOutcome.Error, new KubernetesRule("self +").Evaluate(1L).Outcome);
    }

    [Fact]
    public void Values_built_from_parts_equal_those_read_from_JSON()
    {
        using var schemaJson = JsonDocument.Parse("""
            {"type": "object", "properties": {
              "ratio": {"type": "number"}, "count": {"type": "integer"}, "timeout": {"type": "string", "format": "duration"},
              "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
              "free": {"x-kubernetes-preserve-unknown-fields": true}}}
            """);
        var schema = KubernetesSchema.FromJson(schemaJson.RootElement);
        using var json = JsonDocument.Parse("""{"ratio": 2, "count": 2, "timeout": "5s", "tags": ["a"], "free": {"timeout": "5s"}}""");
        var parts = new CelMap([
            new("ratio", KubernetesValues.FromInteger(2, KubernetesValues.Field(schema, "ratio"))),
            new("count", KubernetesValues.FromInteger(2, KubernetesValues.Field(schema, "count"))),
            new("timeout", KubernetesValues.FromString("5s", KubernetesValues.Field(schema, "timeout"))),
            new("tags", KubernetesValues.List(["a"], KubernetesValues.Field(schema, "tags"))),
            new("free", new CelMap([new("timeout", KubernetesValues.FromString("5s", KubernetesValues.Typed(KubernetesValues.Field(schema, "free"))))])),
        ]);
        var read = KubernetesValues.FromJson(json.RootElement, schema);
        var variables = new Dictionary<string, object?> { ["self"] = parts, ["other"] = read };
        foreach (var check in new[]
        {
            "self == other", "type(self.ratio) == double", "type(self.count) == int", "type(self.timeout) == google.protobuf.Duration",
            "type(self.free.timeout) == string", "self.tags == ['a']",
        })
        {
            Assert.True(CelProgram.Compile(check, CelEnvironment.Kubernetes()).Evaluate(variables).Value is true, check);
        }
    }
}
