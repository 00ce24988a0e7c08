using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;
using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// A rendered CRD's schemas are read when a document of their kind and version first needs them: a CRD no document uses
/// is still checked as a document itself, a broken rule is still reported on every document that meets it (also when
/// documents are checked in parallel), and a schema too large to read is refused whether or not a document uses it.
/// </summary>
public sealed class RenderedCrdTests
{
    /// <summary>Gadget v1 (a rule that does not compile, a bound) and v2, with <c>spec.scope</c> set to <paramref name="scope"/>.</summary>
    private static string Crd(string scope = "Namespaced", string v2Size = "{type: string}") => TestCrd.WithVersions("Gadget", "gadgets",
            ("v1", "type: object\nx-kubernetes-validations:\n- rule: 'self +'\nproperties:\n  size: {type: integer, maximum: 3}"),
            ("v2", $"type: object\nproperties:\n  size: {v2Size}"))
        .Replace("scope: Namespaced", "scope: " + scope, StringComparison.Ordinal);

    [Fact]
    public async Task A_crd_no_document_uses_is_checked_as_a_document_and_its_broken_rule_is_not_reported()
    {
        var findings = await FindingsAsync(Crd(scope: "5"));
        Assert.Equal(["m.yaml: CustomResourceDefinition gadgets.example.com: spec.scope: expected string, got value of type integer"], findings);
    }

    [Fact]
    public async Task Every_document_that_meets_a_broken_rule_reports_it_also_when_checked_in_parallel()
    {
        var gadgets = string.Concat(Enumerable.Range(0, 40).Select(i => $"apiVersion: example.com/v1\nkind: Gadget\nmetadata: {{name: g{i}}}\nspec: {{size: {i % 5}}}\n---\n"));
        var text = Crd() + gadgets + "apiVersion: example.com/v2\nkind: Gadget\nmetadata: {name: other}\nspec: {size: big}\n";
        var report = await ValidateAsync(text, new ValidationOptions { MaxParallelism = 2 });
        var findings = report.Issues.Select(i => i.ToString()).ToList();
        for (var i = 0; i < 40; i++)
        {
            Assert.Contains(findings, f => f.StartsWith($"m.yaml: Gadget g{i}: spec: Invalid value: \"object\": rule compile error: ", StringComparison.Ordinal));
        }
        Assert.Equal(8, findings.Count(f => f.EndsWith("spec.size: should be less than or equal to 3", StringComparison.Ordinal)));
        Assert.Equal(48, findings.Count);
        Assert.Equal(42, report.Documents);
    }

    [Fact]
    public async Task A_schema_too_large_to_read_is_refused_even_when_no_document_uses_it()
    {
        var values = "[" + string.Join(", ", Enumerable.Repeat("a", YamlJson.MaxNodes)) + "]";
        var crd = Crd(v2Size: "{type: string, enum: " + values + "}");
        await Assert.ThrowsAsync<SchemaException>(() => ValidateAsync(crd));
    }

    [Fact]
    public async Task A_schema_too_large_to_read_is_refused_also_when_the_light_parser_read_its_crd()
    {
        var values = "[" + string.Join(", ", Enumerable.Repeat("a", YamlJson.MaxNodes)) + "]";
        var crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: gadgets.example.com\nspec:\n"
            + "  group: example.com\n  names:\n    kind: Gadget\n    plural: gadgets\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n"
            + "    storage: true\n    schema:\n      openAPIV3Schema:\n        type: string\n        enum: " + values + "\n---\n";
        Assert.IsType<SecretsKit.Deploy.Validation.Tree.ManifestMapping>(SecretsKit.Deploy.Validation.Tree.LightYaml.TryParse(crd, 0, crd.IndexOf("---", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<SchemaException>(() => ValidateAsync(crd));
    }

    [Fact]
    public void A_document_the_light_parser_reads_is_never_deeper_than_a_schema_may_be()
    {
        // so a CRD it read and counted within the node budget needs no walk to be within the schema budget
        Assert.True(SecretsKit.Deploy.Validation.Tree.LightYaml.MaxDepth + 1 <= YamlJson.MaxDepth);
    }

    [Fact]
    public async Task A_bound_out_of_a_doubles_range_is_the_text_go_reads_and_the_crd_documents_finding_not_a_crash()
    {
        var crd = TestCrd.Of("Gadget", "gadgets", "type: object\nproperties:\n  size: {type: number, maximum: 1e999}");
        var findings = await FindingsAsync(crd + "---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 7}\n");
        var finding = Assert.Single(findings);
        Assert.StartsWith("m.yaml: CustomResourceDefinition gadgets.example.com: spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.maximum: expected number", finding, StringComparison.Ordinal);
    }
}
