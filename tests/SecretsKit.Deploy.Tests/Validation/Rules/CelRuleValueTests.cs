using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation.Rules;

/// <summary>
/// What <c>self</c> is for each rule-carrying node of a document (converted once per document, each node handed its
/// part): exactly that node, with its schema's types, formats, list types and defaults; and which rules apply: those
/// of the CRD version the document names.
/// </summary>
public sealed class CelRuleValueTests
{
    private static readonly string Crd = TestCrd.Of("Pool", "pools", """
        type: object
        x-kubernetes-validations:
        - rule: "self == {'name': 'top', 'count': 2, 'items': [{'name': 'a', 'size': 1.0, 'kind': 'Service'}, {'name': 'b', 'size': 2.5, 'kind': 'Pod', 'tags': ['blue', 'red']}]}"
          message: spec is not what was written
        - {rule: "type(self.count) == int && type(self.items[0].size) == double", message: numbers are not typed by the schema}
        properties:
          name: {type: string}
          count: {type: integer}
          items:
            type: array
            x-kubernetes-validations:
            - {rule: "size(self) == 2 && self[1].tags == ['red', 'blue']", message: items are not what was written}
            items:
              type: object
              x-kubernetes-validations:
              - rule: "self.name == 'a' ? self == {'name': 'a', 'size': 1.0, 'kind': 'Service'} : self == {'name': 'b', 'size': 2.5, 'kind': 'Pod', 'tags': ['red', 'blue']}"
                messageExpression: "'item ' + self.name + ' is not what was written'"
              - {rule: "type(self.size) == double && self.size < 2.0", messageExpression: "'item ' + self.name + ' too big'"}
              properties:
                name: {type: string}
                size: {type: number}
                kind: {type: string, default: Service}
                tags:
                  type: array
                  x-kubernetes-list-type: set
                  items: {type: string}
                  x-kubernetes-validations:
                  - {rule: "self == ['blue', 'red'] && size(self) == 2", message: tags are not what was written}
        """);

    private const string Pool = "apiVersion: example.com/v1\nkind: Pool\nmetadata: {name: p}\n"
        + "spec: {name: top, count: 2, items: [{name: a, size: 1}, {name: b, size: 2.5, kind: Pod, tags: [red, blue]}]}\n";

    [Fact]
    public async Task Each_rule_sees_exactly_its_own_node_and_siblings_their_own()
    {
        var report = await ValidateAsync(Crd + Pool);
        Assert.Equal(["m.yaml: Pool p: spec.items[1]: Invalid value: item b too big"], report.Issues.Select(i => i.ToString()));
        // spec 2, items 1, each item 2, b's tags 1
        Assert.Equal(2 + 1 + 2 + 2 + 1, report.CelRulesEvaluated);
    }

    [Fact]
    public async Task Every_document_gets_its_own_values()
    {
        var second = Pool.Replace("name: p}", "name: q}", StringComparison.Ordinal).Replace("size: 2.5", "size: 1.5", StringComparison.Ordinal);
        var findings = await FindingsAsync(Crd + Pool + "---\n" + second);
        Assert.Equal(
            [
                "m.yaml: Pool p: spec.items[1]: Invalid value: item b too big",
                "m.yaml: Pool q: spec: Invalid value: spec is not what was written",
                "m.yaml: Pool q: spec.items[1]: Invalid value: item b is not what was written",
            ],
            findings);
    }

    private static readonly string VersionedCrd = TestCrd.WithVersions("Limit", "limits",
        ("v1beta1", "type: object\nx-kubernetes-validations:\n- {rule: self.size <= 5, message: v1beta1 allows 5}\nproperties:\n  size: {type: integer}"),
        ("v1", "type: object\nx-kubernetes-validations:\n- {rule: self.size <= 3, message: v1 allows 3}\nproperties:\n  size: {type: integer}"));

    private static string Limit(string version, string name, int size) =>
        $"---\napiVersion: example.com/{version}\nkind: Limit\nmetadata: {{name: {name}}}\nspec: {{size: {size}}}\n";

    [Fact]
    public async Task A_document_is_checked_by_the_rules_of_the_version_it_names()
    {
        var report = await ValidateAsync(VersionedCrd + Limit("v1beta1", "beta-4", 4) + Limit("v1", "v1-4", 4)
            + Limit("v1beta1", "beta-6", 6) + Limit("v1", "v1-2", 2) + Limit("v1beta1", "beta-2", 2));
        Assert.Equal(
            [
                "m.yaml: Limit v1-4: spec: Invalid value: v1 allows 3",
                "m.yaml: Limit beta-6: spec: Invalid value: v1beta1 allows 5",
            ],
            report.Issues.Select(i => i.ToString()));
        Assert.Equal(5, report.CelRulesEvaluated);
    }
}
