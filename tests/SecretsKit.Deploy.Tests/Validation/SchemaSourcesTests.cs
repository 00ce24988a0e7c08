using SecretsKit.Deploy.Validation;
using SecretsKit.Testing.Common;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>Where schemas come from: rendered CRDs, then <c>--schema-location</c> (directory or kubeconform template), then the built-in bundle.</summary>
public sealed class SchemaSourcesTests
{
    private const string Gadget = """
        apiVersion: tools.example.com/v1alpha1
        kind: Gadget
        metadata: {name: g, namespace: ns}
        spec: {count: many}
        """;

    private const string GadgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.tools.example.com}
        spec:
          group: tools.example.com
          names: {kind: Gadget, plural: gadgets}
          scope: Namespaced
          versions:
            - name: v1alpha1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        count: {type: integer}
        """;

    private const string GadgetJsonSchema = """
        {"type": "object", "additionalProperties": false,
         "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"},
                        "spec": {"type": "object", "properties": {"count": {"type": ["integer", "null"]}}}}}
        """;

    private static Task<ValidationReport> ValidateAsync(ValidationOptions options, string text) =>
        new ManifestValidator(options).ValidateAsync([new ManifestSource("gadget.yaml", text)], null, CancellationToken.None);

    [Fact]
    public async Task A_CRD_file_in_a_schema_location_directory_validates_its_resources()
    {
        using var dir = new TempDir();
        dir.Write("crds/gadgets.yaml", GadgetCrd);
        var report = await ValidateAsync(new ValidationOptions(SchemaLocations: [dir.Path]), Gadget);
        var issue = Assert.Single(report.Issues);
        Assert.Equal("spec.count", issue.Path);
        Assert.Equal("gadget.yaml: Gadget ns/g: spec.count: expected integer, got value of type string", issue.ToString());
    }

    [Fact]
    public async Task A_kubeconform_layout_directory_and_a_path_template_find_JSON_schemas()
    {
        using var dir = new TempDir();
        dir.Write("gadget-tools-v1alpha1.json", GadgetJsonSchema);
        dir.Write("catalog/tools.example.com/gadget_v1alpha1.json", GadgetJsonSchema);
        var byDirectory = await ValidateAsync(new ValidationOptions(SchemaLocations: [dir.Path]), Gadget);
        Assert.Equal("spec.count", Assert.Single(byDirectory.Issues).Path);
        var template = Path.Combine(dir.Path, "catalog", "{{ .Group }}", "{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json");
        var byTemplate = await ValidateAsync(new ValidationOptions(SchemaLocations: [template]), Gadget);
        Assert.Equal("expected integer, got value of type string", Assert.Single(byTemplate.Issues).Message);
    }

    [Fact]
    public async Task Without_a_schema_the_kind_is_skipped_and_a_kind_that_is_not_a_name_never_reaches_a_path()
    {
        using var dir = new TempDir();
        var report = await ValidateAsync(new ValidationOptions(SchemaLocations: [Path.Combine(dir.Path, "{{ .ResourceKind }}.json")]),
            Gadget + "\n---\napiVersion: v1\nkind: ../../etc/passwd\nmetadata: {name: x}\n");
        Assert.Equal("Gadget", Assert.Single(report.Skipped).Kind);
        Assert.Equal("apiVersion or kind is not a valid Kubernetes name", Assert.Single(report.Issues).Message);
    }

    [Fact]
    public async Task A_rendered_CRD_wins_over_the_schema_location()
    {
        using var dir = new TempDir();
        dir.Write("gadget-tools-v1alpha1.json", """{"type": "object", "properties": {"spec": {"type": "string"}}}""");
        var report = await ValidateAsync(new ValidationOptions(SchemaLocations: [dir.Path]), GadgetCrd + "\n---\n" + Gadget);
        Assert.Equal("spec.count", Assert.Single(report.Issues).Path);
    }

    [Fact]
    public async Task Kube_version_picks_the_built_in_minor_and_an_unknown_minor_falls_back_to_the_nearest_older()
    {
        const string flowSchema = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n";
        Assert.Equal("1.32", (await ValidateAsync(new ValidationOptions(KubeVersion: "v1.32.4"), flowSchema)).KubernetesVersion);
        Assert.Equal("1.32", (await ValidateAsync(new ValidationOptions(KubeVersion: "1.34"), flowSchema)).KubernetesVersion);
        Assert.Equal("1.35", (await ValidateAsync(new ValidationOptions(), flowSchema)).KubernetesVersion);
        Assert.Throws<SchemaException>(() => new ManifestValidator(new ValidationOptions(KubeVersion: "latest")));
    }

    [Fact]
    public async Task A_document_that_is_not_YAML_is_an_error_naming_the_line()
    {
        var report = await ValidateAsync(new ValidationOptions(), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\nkey: [unclosed\n");
        var issue = Assert.Single(report.Issues);
        Assert.StartsWith("not valid YAML (line 6", issue.Message, StringComparison.Ordinal);
    }
}
