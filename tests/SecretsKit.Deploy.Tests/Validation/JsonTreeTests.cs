using System.Text;
using System.Text.Json;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// <see cref="JsonTree"/>, the reader of the built-in bundle's schemas: every schema of both bundles reads into the same
/// <see cref="SchemaNode"/> through its tree as through a <see cref="JsonDocument"/>, and the tree types JSON values as
/// the YAML parsers type the same text.
/// </summary>
public sealed class JsonTreeTests
{
    [Theory]
    [InlineData("1.32")]
    [InlineData("1.35")]
    public void Every_schema_of_the_bundle_reads_through_its_tree_as_through_a_json_document(string minor)
    {
        var bundle = BuiltinSchemas.Bundle(minor);
        var (_, schemas) = BundleIndex.Read(BuiltinSchemas.IndexFile(minor), bundle.Length, minor);
        var withDefaults = 0;
        foreach (var (name, (start, length)) in schemas)
        {
            var json = bundle.AsMemory(start, length);
            using var document = JsonDocument.Parse(json);
            var expected = SchemaDump.Of(SchemaReader.Read(document.RootElement));

            var actual = SchemaDump.Of(SchemaReader.Read(JsonTree.Parse(json.Span, SchemaReader.ParseOptions.MaxDepth)));

            Assert.True(expected == actual, $"{minor} {name}:\n{expected}\n---\n{actual}");
            if (expected.Contains("default=", StringComparison.Ordinal)) withDefaults++;
        }
        Assert.True(schemas.Count > 600, $"{schemas.Count} schemas");
        Assert.True(withDefaults > 10, $"{withDefaults} schemas with defaults"); // the bundle's defaults are compared too
    }

    [Fact]
    public void Values_are_typed_as_the_yaml_parsers_type_the_same_text()
    {
        const string json = """{"s":"x\u00e9\n","n":-1.5e3,"i":42,"t":true,"f":false,"z":null,"e":"","l":[1,"1",[],{}],"o":{}}""";

        var tree = (ManifestMapping)JsonTree.Parse(Encoding.UTF8.GetBytes(json), 64);
        var yaml = YamlEventTree.Parse(json)!;

        Assert.Equal(SchemaDump.Tree(yaml), SchemaDump.Tree(tree));
        Assert.Equal("x\u00e9\n", tree.Text("s"));
        Assert.False(((ManifestScalar)tree.Find("s")!).Plain);
        Assert.Equal("-1.5e3", tree.Text("n"));
        Assert.True(((ManifestScalar)tree.Find("n")!).Plain);
    }

    [Fact]
    public void A_name_written_twice_keeps_its_last_value_as_a_json_document_lookup_does()
    {
        const string json = """{"type":"string","format":"date","type":"integer"}""";
        using var document = JsonDocument.Parse(json);

        var tree = (ManifestMapping)JsonTree.Parse(Encoding.UTF8.GetBytes(json), 64);

        Assert.Equal(document.RootElement.GetProperty("type").GetString(), tree.Text("type"));
        Assert.Equal(["type", "format"], tree.Entries.Select(e => e.Key));
        Assert.Equal(["type"], tree.Duplicates);
    }

    [Theory]
    [InlineData("""{"a":""")]
    [InlineData("""{"a":1}{}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1} // x""")]
    [InlineData("")]
    public void Malformed_json_is_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonTree.Parse(Encoding.UTF8.GetBytes(json), 64));

    [Fact]
    public void Nesting_past_the_depth_given_is_refused()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 65)) + string.Concat(Enumerable.Repeat("]", 65));
        var fits = string.Concat(Enumerable.Repeat("[", 64)) + string.Concat(Enumerable.Repeat("]", 64));

        Assert.ThrowsAny<JsonException>(() => JsonTree.Parse(Encoding.UTF8.GetBytes(deep), 64));
        Assert.IsType<ManifestSequence>(JsonTree.Parse(Encoding.UTF8.GetBytes(fits), 64));
    }
}
