using System.Diagnostics;
using SecretsKit.Deploy.Validation;
using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Rules;

/// <summary>
/// CRDs' <c>x-kubernetes-validations</c> evaluated by <c>validate</c> as the API server runs them on create: Gateway API
/// HTTPRoute's path-match rule, fieldPath and reason, messageExpression, a transition rule (skipped, never passed), a
/// rule that does not compile and one that exhausts the cost budget. Findings are the API server's, with a scalar's
/// type where it would print the value.
/// </summary>
public sealed class CelRuleCheckTests
{
    internal const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: routes.example.com}
        spec:
          group: example.com
          names: {kind: Route, plural: routes}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: '!has(self.replicas) || self.replicas <= 10'
                      message: too many
                      fieldPath: .replicas
                      reason: FieldValueForbidden
                    - rule: '!has(self.size) || self.size <= 3'
                      messageExpression: '"size " + string(self.size) + " is more than 3"'
                    - rule: '!has(self.ratio) || self.ratio < 1.0'
                    properties:
                      replicas: {type: integer}
                      size: {type: integer}
                      ratio: {type: number}
                      mode:
                        type: string
                        x-kubernetes-validations:
                        - {rule: "self.startsWith('a')", message: must start with a}
                      immutable:
                        type: string
                        x-kubernetes-validations:
                        - {rule: self == oldSelf, message: immutable}
                      broken:
                        type: string
                        x-kubernetes-validations:
                        - {rule: 'self +', message: broken}
                      words:
                        type: array
                        items: {type: string}
                        x-kubernetes-validations:
                        - rule: self.all(a, self.all(b, self.all(c, self.all(d, a + b + c + d != 'x'))))
                        - rule: size(self) < 1000
                      rules:
                        type: array
                        items:
                          type: object
                          properties:
                            matches:
                              type: array
                              items:
                                type: object
                                properties:
                                  path:
                                    type: object
                                    properties:
                                      type: {type: string}
                                      value: {type: string}
                                    x-kubernetes-validations:
                                    - rule: "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true"
                                      message: "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"
                                    - rule: "self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'"
                                      message: "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']"
        ---

        """;

    private static Task<ValidationReport> SpecAsync(string spec) =>
        ValidateAsync(Crd + $"apiVersion: example.com/v1\nkind: Route\nmetadata: {{name: r}}\nspec: {spec}\n");

    private static async Task<List<string>> SpecFindingsAsync(string spec) =>
        (await SpecAsync(spec)).Issues.Select(i => i.ToString()).ToList();

    [Fact]
    public async Task Gateway_path_matches_that_pass_are_counted_as_evaluated()
    {
        var report = await SpecAsync("{rules: [{matches: [{path: {type: PathPrefix, value: /foo}}, {path: {type: RegularExpression, value: 'foo.*'}}]}]}");
        Assert.True(report.Ok, string.Join("\n", report.Issues));
        Assert.Equal(3 + 2 + 2, report.CelRulesEvaluated);
        Assert.Equal(0, report.CelTransitionRulesSkipped);
        Assert.Contains("validate: 7 CEL rules (x-kubernetes-validations) evaluated\n", report.RenderText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_path_match_is_reported_at_its_path_in_the_API_servers_words()
    {
        Assert.Equal(
            [
                "m.yaml: Route r: spec.rules[0].matches[1].path: Invalid value: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
                "m.yaml: Route r: spec.rules[0].matches[2].path: Invalid value: type must be one of ['Exact', 'PathPrefix', 'RegularExpression']",
            ],
            await SpecFindingsAsync("{rules: [{matches: [{path: {type: Exact, value: /}}, {path: {type: PathPrefix, value: foo}}, {path: {type: Glob, value: /x}}]}]}"));
    }

    [Fact]
    public async Task FieldPath_and_reason_change_the_path_and_the_word()
    {
        Assert.Equal(["m.yaml: Route r: spec.replicas: Forbidden: too many"], await SpecFindingsAsync("{replicas: 11}"));
        Assert.Empty(await SpecFindingsAsync("{replicas: 10}"));
    }

    [Fact]
    public async Task A_messageExpression_words_the_failure_and_no_message_names_the_rule()
    {
        Assert.Equal(["m.yaml: Route r: spec: Invalid value: size 5 is more than 3"], await SpecFindingsAsync("{size: 5}"));
        Assert.Equal(["m.yaml: Route r: spec: Invalid value: failed rule: !has(self.ratio) || self.ratio < 1.0"], await SpecFindingsAsync("{ratio: 1}"));
        Assert.Empty(await SpecFindingsAsync("{ratio: 0.5}"));
    }

    [Fact]
    public async Task A_scalar_failure_prints_the_type_never_the_value()
    {
        var findings = await SpecFindingsAsync("{mode: s3cret}");
        Assert.Equal(["m.yaml: Route r: spec.mode: Invalid value: \"string\": must start with a"], findings);
        Assert.DoesNotContain("s3cret", findings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transition_rule_is_skipped_and_counted_never_passed()
    {
        var report = await SpecAsync("{immutable: x}");
        Assert.True(report.Ok, string.Join("\n", report.Issues));
        Assert.Equal(1, report.CelTransitionRulesSkipped);
        Assert.Equal(3, report.CelRulesEvaluated);
        Assert.Contains("validate: 3 CEL rules (x-kubernetes-validations) evaluated, 1 transition rule (oldSelf) skipped\n", report.RenderText(), StringComparison.Ordinal);
        Assert.Contains("\"celTransitionRulesSkipped\": 1", System.Text.Encoding.UTF8.GetString(ValidationReportJson.Write(report)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_that_does_not_compile_is_a_finding_naming_it()
    {
        var finding = Assert.Single(await SpecFindingsAsync("{broken: x}"));
        Assert.StartsWith("m.yaml: Route r: spec.broken: Invalid value: \"string\": rule compile error: ", finding, StringComparison.Ordinal);
        Assert.EndsWith("(rule: self +; the API server refuses this CRD)", finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_that_exhausts_the_cost_budget_ends_as_a_finding_quickly_and_stops_the_rest()
    {
        var words = string.Join(", ", Enumerable.Range(0, 60).Select(i => "w" + i));
        var clock = Stopwatch.StartNew();
        var report = await SpecAsync($"{{words: [{words}], size: 5}}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), clock.Elapsed.ToString());
        var finding = Assert.Single(report.Issues, i => i.Path == "spec.words").ToString();
        Assert.StartsWith("m.yaml: Route r: spec.words: Invalid value: \"array\": '", finding, StringComparison.Ordinal);
        Assert.Contains("no further validation rules will be run due to call cost exceeds limit for rule: self.all(a,", finding, StringComparison.Ordinal);
        // the spec's rules ran before (size 5 fails); the second rule of words never runs
        Assert.Equal(3 + 1, report.CelRulesEvaluated);
    }

    [Fact]
    public async Task A_missing_field_with_a_scalar_default_is_defaulted_before_the_rules_run()
    {
        // Gateway API's BackendRef rule; group defaults to "" and kind to Service, as the API server fills them in
        var crd = TestCrd.Of("Backend", "backends", """
            type: object
            x-kubernetes-validations:
            - rule: "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true"
              message: Must have port for Service reference
            properties:
              group: {type: string, default: ""}
              kind: {type: string, default: Service}
              name: {type: string}
              port: {type: integer}
            """);
        const string Backend = "apiVersion: example.com/v1\nkind: Backend\nmetadata: {name: b}\nspec: ";
        Assert.Equal(["m.yaml: Backend b: spec: Invalid value: Must have port for Service reference"], await FindingsAsync(crd + Backend + "{name: api}\n"));
        Assert.Empty(await FindingsAsync(crd + Backend + "{name: api, port: 8080}\n"));
        Assert.Empty(await FindingsAsync(crd + Backend + "{name: api, kind: Bucket, group: s3.example.com}\n"));
    }
}
