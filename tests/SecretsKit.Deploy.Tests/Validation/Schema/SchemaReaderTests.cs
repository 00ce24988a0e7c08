using SecretsKit.Deploy.Tests.Validation;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Tests.Validation.Schema;

/// <summary>The built-in bundle's schemas read from a <see cref="JsonElement"/> give what reading them as <see cref="JsonNode"/>s gives.</summary>
public sealed class SchemaReaderTests
{
    public static TheoryData<string> Bundles() =>
        [.. typeof(ManifestValidator).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Bundles))]
    public void Every_built_in_schema_reads_the_same_from_an_element_as_from_a_node_tree(string resource)
    {
        using var stream = typeof(ManifestValidator).Assembly.GetManifestResourceStream(resource)!;
        using var document = JsonDocument.Parse(stream);
        var schemas = document.RootElement.GetProperty("schemas");
        var count = 0;
        foreach (var schema in schemas.EnumerateObject())
        {
            var fromNode = SchemaReader.Read(JsonNode.Parse(schema.Value.GetRawText()));
            var fromElement = SchemaReader.Read(schema.Value);
            Assert.Equal(SchemaDump.Of(fromNode), SchemaDump.Of(fromElement));
            count++;
        }
        Assert.True(count > 500);
    }

    [Fact]
    public void A_property_named_twice_in_a_json_schema_is_its_last_as_go_decodes_json()
    {
        using var document = JsonDocument.Parse("""{"type": "object", "properties": {"a": {"type": "string"}, "a": {"type": "integer"}}}""");
        Assert.Equal("integer", SchemaReader.Read(document.RootElement).Properties!["a"].Type);
    }
}
