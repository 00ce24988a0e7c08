using SecretsKit.Deploy.Tests.Validation;
using System.Text.Json;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation.Schema;

/// <summary>
/// A schema object's keywords, read in one pass over its properties (<see cref="ISchemaElement{TSelf}.ReadKeywords"/>),
/// are what a lookup of each keyword by name finds (a null value absent; a JSON name written twice: its last value), for
/// every object of both built-in bundles and every mapping of the rendered CRDs here.
/// </summary>
public sealed class SchemaKeywordsTests
{
    /// <summary>The keywords as a schema writes them, in <see cref="SchemaKeyword"/>'s order.</summary>
    private static readonly string[] Names =
    [
        "type", "format", "x-kubernetes-int-or-string", "oneOf", "anyOf", "allOf", "additionalProperties", "properties",
        "required", "items", "enum", "x-kubernetes-preserve-unknown-fields", "pattern", "x-kubernetes-list-type",
        "x-kubernetes-list-map-keys", "default", "nullable", "x-kubernetes-validations", "$ref", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
    ];

    [Fact]
    public void Every_keyword_has_its_name_and_no_other()
    {
        Assert.Equal(SchemaKeywords<JsonSchemaElement>.KeywordCount, Names.Length);
        for (var i = 0; i < Names.Length; i++) Assert.Equal(i, SchemaKeywordNames.Of(Names[i]));
        Assert.Equal(SchemaKeywordNames.MaxLength, Names.Max(n => n.Length));
        foreach (var other in new[] { "", "Type", "description", "types", "$refs", "x-kubernetes-embedded-resource" }) Assert.Equal(-1, SchemaKeywordNames.Of(other));
    }

    [Fact]
    public void The_built_in_bundles_objects_read_as_a_lookup_by_name_reads_them()
    {
        var objects = 0;
        foreach (var minor in BuiltinSchemas.Available)
        {
            using var document = JsonDocument.Parse(BuiltinSchemas.Bundle(minor));
            foreach (var element in Objects(document.RootElement))
            {
                AssertSameAsLookup(new JsonSchemaElement(element));
                objects++;
            }
        }
        Assert.True(objects > 5_000, $"{objects} objects");
    }

    [Theory]
    [MemberData(nameof(YamlJsonTests.Schemas), MemberType = typeof(YamlJsonTests))]
    public void A_crds_mappings_read_as_a_lookup_by_name_reads_them(string yaml)
    {
        var node = LightYaml.TryParse(yaml, 0, yaml.Length) as ManifestNode ?? YamlEventTree.Parse(yaml, out _);
        var pending = new Stack<ManifestNode>(node is null ? [] : [node]);
        while (pending.TryPop(out var next))
        {
            if (next is ManifestMapping map)
            {
                AssertSameAsLookup(new YamlSchemaElement(map));
                foreach (var entry in map.Entries) pending.Push(entry.Value);
            }
            else if (next is ManifestSequence seq)
            {
                foreach (var item in seq.Items) pending.Push(item);
            }
        }
    }

    [Theory]
    [InlineData("""{"type": "string", "t\u0079pe": "integer"}""", "\"integer\"")] // escaped, written twice: the last
    [InlineData("""{"type": "string", "type": null}""", null)] // the last is null: absent
    [InlineData("""{"type": null, "type": "string"}""", "\"string\"")]
    [InlineData("""{"\u0074\u0079\u0070\u0065": "number"}""", "\"number\"")]
    [InlineData("""{"typé": "string", "x-kubernetes-preserve-unknown-fields-and-more": true}""", null)]
    public void A_json_keyword_is_found_as_a_lookup_finds_it(string json, string? type)
    {
        using var document = JsonDocument.Parse(json);
        var element = new JsonSchemaElement(document.RootElement);
        AssertSameAsLookup(element);
        var keywords = default(SchemaKeywords<JsonSchemaElement>);
        element.ReadKeywords(ref keywords);
        var found = keywords.Get(SchemaKeyword.Type);
        Assert.Equal(type, found.Kind == JsonValueKind.Undefined ? null : found.RawText());
    }

    private static void AssertSameAsLookup<T>(T element) where T : struct, ISchemaElement<T>
    {
        var keywords = default(SchemaKeywords<T>);
        element.ReadKeywords(ref keywords);
        for (var i = 0; i < Names.Length; i++)
        {
            var expected = element.TryGet(Names[i], out var v) && v.Kind != JsonValueKind.Null ? v : default;
            var actual = keywords.Get((SchemaKeyword)i);
            Assert.Equal(expected.Kind, actual.Kind);
            if (expected.Kind != JsonValueKind.Undefined) Assert.Equal(expected.RawText(), actual.RawText());
        }
    }

    private static IEnumerable<JsonElement> Objects(JsonElement root)
    {
        var pending = new Stack<JsonElement>([root]);
        while (pending.TryPop(out var next))
        {
            if (next.ValueKind == JsonValueKind.Object)
            {
                yield return next;
                foreach (var property in next.EnumerateObject()) pending.Push(property.Value);
            }
            else if (next.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in next.EnumerateArray()) pending.Push(item);
            }
        }
    }
}
