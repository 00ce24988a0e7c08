using SecretsKit.Deploy.Validation.Tree;
using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Rules;

/// <summary>
/// One manifest node in two places (an alias, or a value the light parser read once for two keys of the same column)
/// is handed to each place's CEL rules as its own schema types it: the same list of tags is a set (compared without
/// order) under one schema and a list (compared in order) under the other.
/// </summary>
public sealed class SharedNodeValuesTests
{
    private static readonly string Crd = TestCrd.Of("Pair", "pairs", """
        type: object
        x-kubernetes-validations:
        - rule: has(self.one) && has(self.two)
        properties:
          one:
            type: object
            properties:
              conf:
                type: object
                x-kubernetes-validations:
                - {rule: "self.tags == ['b', 'a']", message: the same set}
                properties:
                  tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
                  notes: {type: array, items: {type: string}}
          two:
            type: object
            properties:
              conf:
                type: object
                x-kubernetes-validations:
                - {rule: "self.tags != ['b', 'a']", message: another list}
                properties:
                  tags: {type: array, items: {type: string}}
                  notes: {type: array, items: {type: string}}
        """);

    private static readonly string Notes = string.Concat(Enumerable.Range(0, 30).Select(i => $"      - note number {i} of the configuration\n"));

    private static readonly string Twice =
        $"apiVersion: example.com/v1\nkind: Pair\nspec:\n  one:\n    conf:\n      tags:\n      - a\n      - b\n      notes:\n{Notes}  two:\n    conf:\n      tags:\n      - a\n      - b\n      notes:\n{Notes}metadata:\n  name: p\n";

    [Fact]
    public void The_light_parser_reads_the_repeated_value_once()
    {
        var root = (ManifestMapping)LightYaml.TryParse(Twice, 0, Twice.Length)!;
        var spec = (ManifestMapping)root.Find("spec")!;
        Assert.Same(((ManifestMapping)spec.Find("one")!).Find("conf"), ((ManifestMapping)spec.Find("two")!).Find("conf"));
    }

    [Fact]
    public async Task A_value_read_once_for_two_keys_is_typed_by_each_places_schema()
    {
        var report = await ValidateAsync(Crd + Twice);
        Assert.True(report.Ok, string.Join("\n", report.Issues));
        Assert.Equal(3, report.CelRulesEvaluated);
        // other tags, still read once: only the set's rule fails
        var other = await FindingsAsync(Crd + Twice.Replace("- b\n", "- c\n", StringComparison.Ordinal));
        Assert.Equal(["m.yaml: Pair p: spec.one.conf: Invalid value: the same set"], other);
    }

    [Fact]
    public async Task An_aliased_value_is_typed_by_each_places_schema()
    {
        var report = await ValidateAsync(Crd + "apiVersion: example.com/v1\nkind: Pair\nmetadata: {name: p}\nspec:\n  one:\n    conf: &c {tags: [a, b]}\n  two:\n    conf: *c\n");
        Assert.True(report.Ok, string.Join("\n", report.Issues));
        Assert.Equal(3, report.CelRulesEvaluated);
    }
}
