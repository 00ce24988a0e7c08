using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Defaulting;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation.Defaulting;

/// <summary>
/// The API server's structural defaulting (apiextensions-apiserver's <c>defaulting.Default</c>), case by case as its own
/// tests pin it down: a value in, a schema, the defaulted value out (as JSON). Then what this port adds: nothing is
/// copied (unchanged input comes back as the same node, a default is one node shared by every place that gets it) and a
/// document's defaults have a budget.
/// </summary>
public sealed class StructuralDefaultsTests
{
    private static ManifestNode Parse(string json) => YamlEventTree.Parse(json)!;

    private static SchemaNode Schema(string json) => SchemaReader.Read(JsonNode.Parse(json));

    private static string Json(ManifestNode node) => YamlJson.Convert(node)?.ToJsonString() ?? "null";

    private static void AssertDefaulted(string input, string schema, string expected)
    {
        var result = new StructuralDefaults().Apply(Parse(input), Schema(schema));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(Json(result))), $"expected {expected}, got {Json(result)}");
    }

    private const string ABC = """{"type": "object", "properties": {"x": {"default": "X"}, "y": {"default": "Y"}, "z": {"default": "Z"}}}""";

    [Fact]
    public void A_scalar_and_a_list_of_scalars_are_left_as_they_are_whatever_their_schemas_default()
    {
        AssertDefaulted("7", """{"default": "seven"}""", "7");
        AssertDefaulted("[3, 4]", """{"type": "array", "items": {"default": "n"}}""", "[3, 4]");
    }

    [Fact]
    public void Each_object_of_a_list_gets_the_defaults_of_the_properties_it_lacks()
    {
        AssertDefaulted("""[{"x": 1}, {"y": 2}, {"z": 3}]""", """{"type": "array", "items": """ + ABC + "}",
            """[{"x": 1, "y": "Y", "z": "Z"}, {"x": "X", "y": 2, "z": "Z"}, {"x": "X", "y": "Y", "z": 3}]""");
    }

    [Fact]
    public void Lists_objects_and_map_values_below_an_object_are_defaulted_and_a_missing_property_gets_its_default()
    {
        var schema = $$"""
            {"type": "object", "properties": {
              "list": {"type": "array", "items": {{ABC}}},
              "inner": {{ABC}},
              "byName": {"type": "object", "additionalProperties": {{ABC}}},
              "missing": {"type": "string", "default": "here"}
            } }
            """;
        AssertDefaulted("""{"list": [{"x": 1}], "inner": {"y": 1, "z": 1}, "byName": {"p": {"x": 1, "y": 1}, "q": {}}}""", schema,
            """
            {"list": [{"x": 1, "y": "Y", "z": "Z"}], "inner": {"x": "X", "y": 1, "z": 1},
             "byName": {"p": {"x": 1, "y": 1, "z": "Z"}, "q": {"x": "X", "y": "Y", "z": "Z"}}, "missing": "here"}
            """);
    }

    [Fact]
    public void Only_a_missing_or_null_property_is_defaulted_never_an_empty_or_zero_one()
    {
        AssertDefaulted("""[{}, {"x": 5}, {"x": 0}, {"x": 0.5}, {"x": ""}, {"x": null}, {"x": []}, {"x": {}}, {"x": false}]""",
            """{"type": "array", "items": {"type": "object", "properties": {"x": {"default": "X"}}}}""",
            """[{"x": "X"}, {"x": 5}, {"x": 0}, {"x": 0.5}, {"x": ""}, {"x": "X"}, {"x": []}, {"x": {}}, {"x": false}]""");
    }

    [Fact]
    public void A_null_item_gets_the_item_default_unless_the_items_are_nullable()
    {
        AssertDefaulted("[null, 1]", """{"type": "array", "items": {"default": "d"}}""", """["d", 1]""");
        AssertDefaulted("[null, 1]", """{"type": "array", "items": {"default": "d", "nullable": true}}""", "[null, 1]");
        // the list itself being nullable changes nothing for its items
        AssertDefaulted("[null]", """{"type": "array", "nullable": true, "items": {"type": "object", "properties": {"x": {"default": "X"}}}}""", "[null]");
    }

    [Fact]
    public void A_null_property_or_map_value_gets_its_default_unless_its_schema_is_nullable()
    {
        AssertDefaulted("""{"a": null}""", """{"type": "object", "properties": {"a": {"default": "A"}}}""", """{"a": "A"}""");
        AssertDefaulted("""{"a": null}""", """{"type": "object", "properties": {"a": {"default": "A", "nullable": true}}}""", """{"a": null}""");
        AssertDefaulted("""{"a": null}""", """{"type": "object", "additionalProperties": {"default": "A"}}""", """{"a": "A"}""");
        AssertDefaulted("""{"a": null}""", """{"type": "object", "additionalProperties": {"default": "A", "nullable": true}}""", """{"a": null}""");
        // a field no schema describes is no one's to default
        AssertDefaulted("""{"a": null}""", """{"type": "object", "additionalProperties": true}""", """{"a": null}""");
    }

    [Fact]
    public void Defaults_nested_in_a_defaulted_object_or_list_are_applied_too()
    {
        var schema = """
            {"type": "object", "properties": {
              "policy": {"type": "object", "default": {"mode": "Retain"}, "properties": {
                "mode": {"type": "string"}, "keep": {"type": "integer", "default": 3},
                "rules": {"type": "array", "default": [{}], "items": {"type": "object", "properties": {"on": {"type": "string", "default": "push"}}}}}}}}
            """;
        AssertDefaulted("{}", schema, """{"policy": {"mode": "Retain", "keep": 3, "rules": [{"on": "push"}]}}""");
        AssertDefaulted("""{"policy": {"rules": [{"on": "tag"}, {}]}}""", schema, """{"policy": {"keep": 3, "rules": [{"on": "tag"}, {"on": "push"}]}}""");
    }

    [Fact]
    public void Object_and_list_defaults_of_every_type_are_read_as_the_api_server_decodes_them()
    {
        var schema = """
            {"type": "object", "properties": {
              "o": {"type": "object", "default": {"s": "1", "i": 2, "w": 3.0, "f": 0.25, "b": true, "n": null, "l": [1, "a"]}}}}
            """;
        AssertDefaulted("{}", schema, """{"o": {"s": "1", "i": 2, "w": 3, "f": 0.25, "b": true, "n": null, "l": [1, "a"]}}""");
    }

    [Fact]
    public void Nothing_is_copied_an_unchanged_value_is_the_same_node_and_a_default_is_one_node_everywhere()
    {
        var schema = Schema("""{"type": "array", "items": {"type": "object", "properties": {"p": {"type": "object", "default": {"k": "v"}}}}}""");
        var written = Parse("""[{"p": {}}, {"p": {"k": "w"}}]""");
        Assert.Same(written, new StructuralDefaults().Apply(written, schema));
        var input = Parse("[{}, {}, {}]");
        var before = Json(input);
        var result = (ManifestSequence)new StructuralDefaults().Apply(input, schema);
        var defaults = result.Items.Select(i => ((ManifestMapping)i).Find("p")).ToList();
        Assert.All(defaults, d => Assert.Same(defaults[0], d));
        Assert.Equal(before, Json(input)); // the input is not changed
    }

    [Fact]
    public void A_huge_default_at_every_item_of_a_long_list_is_shared_and_past_the_budget_stops_with_one_finding()
    {
        // each item's "blob" defaults to 2,000 objects of two fields: 6,001 nodes; 400 items would add 2.4 million
        var blob = "[" + string.Join(", ", Enumerable.Repeat("""{"a": 1, "b": "x"}""", 2000)) + "]";
        var schema = Schema("""{"type": "array", "items": {"type": "object", "properties": {"blob": {"type": "array", "default": """ + blob + "}}}}");
        var input = Parse("[" + string.Join(", ", Enumerable.Repeat("{}", 400)) + "]");
        var findings = new List<string>();
        var defaults = new StructuralDefaults((path, message) => findings.Add($"{path}: {message}"));
        _ = new StructuralDefaults().Apply(Parse("[{}]"), schema); // the shared default is made once, outside the measure
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var result = (ManifestSequence)defaults.Apply(input, schema);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        // 1,000,000 / 6,001: 166 items get it, one node for all of them; the 167th is a finding, and nothing after it
        var got = result.Items.Select(i => ((ManifestMapping)i).Find("blob")).Where(b => b is not null).ToList();
        Assert.Equal(166, got.Count);
        Assert.All(got, b => Assert.Same(got[0], b));
        Assert.Equal(166 * 6001, defaults.Added);
        Assert.Equal(["[166].blob: defaults not applied: this document's defaults would add more than 1000000 values (a budget of this validator; the API server has none)"], findings);
        Assert.True(allocated < 1_000_000, $"defaulting allocated {allocated} bytes"); // copies of 6,001 nodes each would be ~100 MB
    }
}
