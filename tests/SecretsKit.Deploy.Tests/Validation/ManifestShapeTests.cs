using SecretsKit.Deploy.Validation;
using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>kind: List, duplicate keys, missing kind: the document shapes kubeconform and kubectl accept or refuse.</summary>
public sealed class ManifestShapeTests
{
    private const string List = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: ok}
        - apiVersion: v1
          kind: Service
          metadata: {name: web}
          spec: {ports: [{port: eighty}]}
        """;

    [Fact]
    public async Task A_List_is_validated_item_by_item_and_its_invalid_item_is_named()
    {
        var report = await ValidateAsync(List);
        Assert.Equal(2, report.Documents);
        Assert.Equal(1, report.Invalid);
        Assert.Equal("m.yaml: Service web: spec.ports[0].port: expected integer, got value of type string", Assert.Single(report.Issues).ToString());
    }

    [Fact]
    public async Task An_empty_List_is_no_document()
    {
        Assert.Equal(0, (await ValidateAsync("apiVersion: v1\nkind: List\nitems: []\n")).Documents);
    }

    private const string Duplicate = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  name: last\ndata:\n  a: '1'\n  a: '2'\n";

    [Fact]
    public async Task A_duplicate_key_is_a_finding_in_strict_mode_that_names_the_object()
    {
        var findings = await FindingsAsync(Duplicate);
        Assert.Equal(["m.yaml: ConfigMap last: metadata.name: duplicate key: written more than once in this mapping (--strict=false keeps the last value)",
            "m.yaml: ConfigMap last: data.a: duplicate key: written more than once in this mapping (--strict=false keeps the last value)"], findings);
    }

    [Fact]
    public async Task Strict_off_keeps_the_last_value_of_a_duplicate_key()
    {
        var report = await ValidateAsync(Duplicate + "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: x}]\n  ports: [{port: 80}]\n",
            new ValidationOptions(Strict: false));
        Assert.True(report.Ok, string.Join("\n", report.Issues));
        Assert.Equal(2, report.Valid);
    }

    [Fact]
    public async Task An_empty_kind_is_named_as_missing()
    {
        Assert.Equal(["m.yaml: (no kind) x: missing kind"], await FindingsAsync("apiVersion: v1\nkind:\nmetadata: {name: x}\n"));
    }
}
