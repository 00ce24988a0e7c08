using System.Text.Json;
using SecretsKit.Cel.Kubernetes;

namespace SecretsKit.Cel.Tests.Kubernetes;

public sealed class KubernetesRuleTests
{
    private static object? Self(string json, string? schema = null)
    {
        using var value = JsonDocument.Parse(json);
        KubernetesSchema? parsed = null;
        if (schema is not null)
        {
            using var schemaJson = JsonDocument.Parse(schema);
            parsed = KubernetesSchema.FromJson(schemaJson.RootElement);
        }
        return KubernetesValues.FromJson(value.RootElement.Clone(), parsed);
    }

    [Fact]
    public void A_failed_rule_without_a_message_says_failed_rule()
    {
        var result = new KubernetesRule("  self.replicas <= 5  ").Evaluate(Self("""{"replicas": 7}"""));
        Assert.Equal(KubernetesRuleOutcome.Failed, result.Outcome);
        Assert.Equal("failed rule: self.replicas <= 5", result.Message);
    }

    [Fact]
    public void A_failed_rule_with_a_message_says_the_trimmed_message()
    {
        var result = new KubernetesRule("self.replicas <= 5") { Message = " too many replicas " }.Evaluate(Self("""{"replicas": 7}"""));
        Assert.Equal("too many replicas", result.Message);
    }

    [Fact]
    public void A_message_expression_wins_when_it_yields_a_one_line_string()
    {
        var rule = new KubernetesRule("self.replicas <= 5") { Message = "fallback", MessageExpression = "'replicas ' + string(self.replicas) + ' > 5'" };
        Assert.Equal("replicas 7 > 5", rule.Evaluate(Self("""{"replicas": 7}""")).Message);
        Assert.Equal("fallback", (rule with { MessageExpression = "'a\\nb'" }).Evaluate(Self("""{"replicas": 7}""")).Message);
        Assert.Equal("fallback", (rule with { MessageExpression = "1" }).Evaluate(Self("""{"replicas": 7}""")).Message);
    }

    [Fact]
    public void Passing_rules_pass()
    {
        var result = new KubernetesRule("self.replicas <= 5").Evaluate(Self("""{"replicas": 3}"""));
        Assert.Equal(KubernetesRuleOutcome.Passed, result.Outcome);
    }

    [Fact]
    public void Runtime_errors_are_reported_as_the_api_server_words_them()
    {
        var missing = new KubernetesRule("self.replicas <= 5").Evaluate(Self("{}"));
        Assert.Equal(KubernetesRuleOutcome.Error, missing.Outcome);
        Assert.Equal("no such key: replicas evaluating rule: self.replicas <= 5", missing.Message);
        var overload = new KubernetesRule("self.x + 1 > 0") { Message = "bad" }.Evaluate(Self("""{"x": "a"}"""));
        Assert.StartsWith("'no such overload", overload.Message, StringComparison.Ordinal);
        Assert.EndsWith("': call arguments did not match a supported operator, function or macro signature for rule: bad", overload.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_exhaustion_stops_with_the_api_servers_text()
    {
        var result = new KubernetesRule("self.items.all(x, self.items.all(y, x != y || x == y))").Evaluate(
            Self("""{"items": [1,2,3,4,5,6,7,8,9,10]}"""), costLimit: 50);
        Assert.True(result.CostExceeded);
        Assert.Equal("'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.items.all(x, self.items.all(y, x != y || x == y))", result.Message);
    }

    [Fact]
    public void Transition_rules_are_skipped_without_an_old_object_and_run_with_one()
    {
        var rule = new KubernetesRule("self == oldSelf") { Message = "Value is immutable" };
        Assert.Equal(KubernetesRuleOutcome.Skipped, rule.Evaluate("a").Outcome);
        Assert.Equal(KubernetesRuleOutcome.Failed, rule.Evaluate("b", oldSelf: "a", hasOldSelf: true).Outcome);
        Assert.Equal(KubernetesRuleOutcome.Passed, rule.Evaluate("a", oldSelf: "a", hasOldSelf: true).Outcome);
    }

    [Fact]
    public void Optional_old_self_is_an_optional()
    {
        var rule = new KubernetesRule("oldSelf.hasValue() ? self >= oldSelf.value() : true") { OptionalOldSelf = true };
        Assert.Equal(KubernetesRuleOutcome.Passed, rule.Evaluate(3L).Outcome);
        Assert.Equal(KubernetesRuleOutcome.Failed, rule.Evaluate(3L, oldSelf: 5L, hasOldSelf: true).Outcome);
    }

    [Fact]
    public void The_validator_honours_reason_field_path_and_skips_transition_rules()
    {
        using var schema = JsonDocument.Parse("""
            {"type": "object", "properties": {"spec": {"type": "object",
              "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}, "name": {"type": "string"}},
              "x-kubernetes-validations": [
                {"rule": "self.min <= self.max", "message": "min must not exceed max", "fieldPath": ".min", "reason": "FieldValueForbidden"},
                {"rule": "self.name == oldSelf.name", "message": "name is immutable"},
                {"rule": "self.max < 100", "messageExpression": "'max is ' + string(self.max)"}]}}}
            """);
        using var value = JsonDocument.Parse("""{"spec": {"min": 5, "max": 300, "name": "a"}}""");
        var report = new KubernetesSchemaValidator(KubernetesSchema.FromJson(schema.RootElement)).Validate(value.RootElement);
        Assert.Equal(1, report.RulesSkipped);
        Assert.Equal(2, report.RulesRun);
        Assert.Equal(["spec: Invalid value: max is 300"], report.Errors.Select(e => e.ToString()).ToArray());
        using var inverted = JsonDocument.Parse("""{"spec": {"min": 50, "max": 30, "name": "a"}}""");
        var second = new KubernetesSchemaValidator(KubernetesSchema.FromJson(schema.RootElement)).Validate(inverted.RootElement);
        Assert.Equal(["spec.min: Forbidden: min must not exceed max"], second.Errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void Schema_formats_and_list_types_shape_self()
    {
        const string schema = """
            {"type": "object", "properties": {
              "when": {"type": "string", "format": "date-time"},
              "ttl": {"type": "string", "format": "duration"},
              "port": {"x-kubernetes-int-or-string": true},
              "ratio": {"type": "number"},
              "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"}}}
            """;
        var self = Self("""{"when": "2024-01-01T00:00:00Z", "ttl": "1h", "port": "http", "ratio": 1, "tags": ["b", "a"]}""", schema);
        var vars = Cel.Vars(("self", self));
        Assert.Equal(true, Cel.Eval("self.when.getFullYear() == 2024 && self.ttl == duration('60m') && self.port == 'http'", vars));
        Assert.Equal(true, Cel.Eval("type(self.ratio) == double && self.tags == ['a', 'b']", vars));
    }
}
