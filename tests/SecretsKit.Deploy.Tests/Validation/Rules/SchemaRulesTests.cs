using SecretsKit.Deploy.Validation;
using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Rules;

/// <summary>
/// Formats, patterns, bounds, list types, <c>additionalProperties: false</c> and CEL rules of a CRD's schema, each
/// against a custom resource in the same stream: the finding names the path and what was expected, never the value.
/// </summary>
public sealed class SchemaRulesTests
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.example.com}
        spec:
          group: example.com
          names: {kind: Gadget, plural: gadgets}
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
                    additionalProperties: false
                    x-kubernetes-validations:
                    - rule: '!has(self.code) || self.code != "zzz"'
                      message: zzz is reserved
                    properties:
                      interval: {type: string, format: duration}
                      since: {type: string, format: date-time}
                      day: {type: string, format: date}
                      small: {type: integer, format: int32}
                      big: {type: integer, format: int64}
                      code: {type: string, pattern: '^[a-z]{3}$'}
                      bad: {type: string, pattern: '(?=x)x'}
                      name: {type: string, minLength: 2, maxLength: 4}
                      replicas: {type: integer, minimum: 1, maximum: 10}
                      ratio: {type: number, exclusiveMinimum: true, minimum: 0}
                      tags: {type: array, minItems: 1, maxItems: 2, items: {type: string}, x-kubernetes-list-type: set}
                      ports:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name, protocol]
                        items: {type: object, properties: {name: {type: string}, protocol: {type: string}}}
                      env: {type: object, maxProperties: 1, minProperties: 1, additionalProperties: {type: string}}
        ---

        """;

    private static Task<List<string>> SpecFindingsAsync(string spec, ValidationOptions? options = null) =>
        FindingsAsync(Crd + $"apiVersion: example.com/v1\nkind: Gadget\nmetadata: {{name: g}}\nspec: {spec}\n", options);

    [Fact]
    public async Task Valid_values_pass_and_the_CEL_rule_is_evaluated()
    {
        var report = await ValidateAsync(Crd + "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {interval: 1h30m, since: '2024-02-29T10:00:00Z', "
            + "day: '2024-02-29', small: 2147483647, code: abc, name: ab, replicas: 10, ratio: 0.5, tags: [a, b], ports: [{name: a, protocol: TCP}, {name: a, protocol: UDP}], env: {A: b}}\n");
        Assert.True(report.Ok, string.Join("\n", report.Issues));
        Assert.Equal(1, report.CelRulesEvaluated);
        Assert.Contains("validate: 1 CEL rule (x-kubernetes-validations) evaluated\n", report.RenderText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{interval: test}", "spec.interval: must be of type duration (e.g. 30s, 1h30m)")]
    [InlineData("{interval: '5 min'}", null)]
    [InlineData("{since: '2024-02-29 10:00'}", "spec.since: must be of type date-time (RFC 3339, e.g. 2006-01-02T15:04:05Z)")]
    [InlineData("{since: '2024-02-30T10:00:00Z'}", "spec.since: must be of type date-time (RFC 3339, e.g. 2006-01-02T15:04:05Z)")]
    [InlineData("{day: '2023-02-29'}", "spec.day: must be of type date (e.g. 2006-01-02)")]
    [InlineData("{small: 2147483648}", "spec.small: should be an int32 (between -2147483648 and 2147483647)")]
    [InlineData("{big: 9223372036854775808}", "spec.big: should be an int64 (between -9223372036854775808 and 9223372036854775807)")]
    [InlineData("{small: -2147483648, big: 9223372036854775807}", null)]
    [InlineData("{small: -0x80000000, big: -9223372036854775808}", null)]
    [InlineData("{small: -2147483649}", "spec.small: should be an int32 (between -2147483648 and 2147483647)")]
    [InlineData("{small: 0x80000000}", "spec.small: should be an int32 (between -2147483648 and 2147483647)")]
    // beyond int64 and uint64, sigs.k8s.io/yaml (go-yaml v2) reads an integer as a float: a number, not an integer
    [InlineData("{big: -9223372036854775809}", "spec.big: expected integer, got value of type number")]
    [InlineData("{big: 99999999999999999999999999}", "spec.big: expected integer, got value of type number")]
    public async Task Each_format_is_checked(string spec, string? expected)
    {
        var findings = await SpecFindingsAsync(spec);
        if (expected is null) Assert.Empty(findings);
        else Assert.Equal(["m.yaml: Gadget g: " + expected], findings);
    }

    [Theory]
    [InlineData("{code: abcd}", "spec.code: should match '^[a-z]{3}$'")]
    [InlineData("{name: a}", "spec.name: should be at least 2 chars long")]
    [InlineData("{name: abcde}", "spec.name: should be at most 4 chars long")]
    [InlineData("{name: äöüß}", null)]
    [InlineData("{replicas: 0}", "spec.replicas: should be greater than or equal to 1")]
    [InlineData("{replicas: 11}", "spec.replicas: should be less than or equal to 10")]
    [InlineData("{ratio: 0}", "spec.ratio: should be greater than 0")]
    [InlineData("{tags: []}", "spec.tags: should have at least 1 items")]
    [InlineData("{tags: [a, b, c]}", "spec.tags: should have at most 2 items")]
    [InlineData("{env: {}}", "spec.env: should have at least 1 properties")]
    [InlineData("{env: {A: a, B: b}}", "spec.env: should have at most 1 properties")]
    public async Task Each_pattern_and_bound_is_checked(string spec, string? expected)
    {
        var findings = await SpecFindingsAsync(spec);
        if (expected is null) Assert.Empty(findings);
        else Assert.Equal(["m.yaml: Gadget g: " + expected], findings);
    }

    [Fact]
    public async Task A_set_repeats_an_item_and_a_map_repeats_its_keys()
    {
        // apiextensions-apiserver's texts; a set item's value is not printed (its type stands in), a map's key fields are
        Assert.Equal(["m.yaml: Gadget g: spec.tags[1]: Duplicate value: \"string\""], await SpecFindingsAsync("{tags: [a, a]}"));
        Assert.Equal(["m.yaml: Gadget g: spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"a\", \"protocol\":\"TCP\"}"],
            await SpecFindingsAsync("{ports: [{name: a, protocol: TCP}, {name: a, protocol: TCP}]}"));
    }

    [Fact]
    public async Task A_pattern_RE2_does_not_have_is_a_finding_not_a_crash()
    {
        Assert.Equal(["m.yaml: Gadget g: spec.bad: the schema's pattern '(?=x)x' cannot be checked: it is not RE2, the API server's regular expressions (error parsing regexp: invalid or unsupported Perl syntax: `(?=`)"],
            await SpecFindingsAsync("{bad: x}"));
    }

    [Fact]
    public async Task AdditionalProperties_false_in_the_schema_holds_with_strict_off()
    {
        var options = new ValidationOptions(Strict: false);
        Assert.Equal(["m.yaml: Gadget g: spec.extra: unknown field \"extra\""], await SpecFindingsAsync("{extra: 1}", options));
        Assert.Empty(await FindingsAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nextra: 1\n", options));
    }
}
