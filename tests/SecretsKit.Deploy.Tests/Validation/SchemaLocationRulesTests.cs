using SecretsKit.Deploy.Validation;
using SecretsKit.Testing.Common;
using static SecretsKit.Deploy.Tests.Validation.ValidationRun;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>--schema-location as kubeconform reads it: a plain schema file for every resource, templates checked at start.</summary>
public sealed class SchemaLocationRulesTests
{
    [Fact]
    public async Task A_plain_schema_file_is_used_for_every_resource()
    {
        using var dir = new TempDir();
        var schema = dir.Write("any.json", """{"type": "object", "properties": {"kind": {"type": "string"}, "size": {"type": "integer"}}}""");
        var options = new ValidationOptions(Strict: false, SchemaLocations: [schema]);
        var findings = await FindingsAsync("apiVersion: example.com/v1\nkind: Thing\nsize: big\n---\napiVersion: other.io/v2\nkind: Other\nsize: 1\n", options);
        Assert.Equal(["m.yaml: Thing: size: expected integer, got value of type string"], findings);
    }

    [Theory]
    [InlineData("foo {{ .Foo }}", ".Foo")]
    [InlineData("schemas/{{ .ResourceKnd }}.json", ".ResourceKnd")]
    [InlineData("schemas/{{ .ResourceKind | lower }}.json", "cannot evaluate the template")]
    [InlineData("not-a-directory-or-file", "not a directory, a schema file (.json), a URL or a template")]
    public void A_template_that_cannot_be_evaluated_fails_at_start_as_a_usage_error(string location, string named)
    {
        var e = Assert.Throws<SchemaLocationException>(() => new ManifestValidator(new ValidationOptions(SchemaLocations: [location])));
        Assert.Equal(Core.Errors.ExitCodes.Generic, e.ExitCode);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_file_that_is_not_JSON_is_passed_over_for_the_next_location()
    {
        using var dir = new TempDir();
        var html = dir.Write("error.json", "<html>error page</html>");
        var good = dir.Write("good.json", """{"type": "object", "properties": {"size": {"type": "integer"}}}""");
        var findings = await FindingsAsync("apiVersion: example.com/v1\nkind: Thing\nsize: big\n", new ValidationOptions(Strict: false, SchemaLocations: [html, good]));
        Assert.Equal(["m.yaml: Thing: size: expected integer, got value of type string"], findings);
    }
}
