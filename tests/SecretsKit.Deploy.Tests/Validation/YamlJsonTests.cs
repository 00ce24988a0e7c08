using System.Text;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// A CRD's schema is read from the JSON text <see cref="YamlJson.ToJson"/> writes straight from the YAML tree: it must be
/// the very text of the JSON tree <see cref="YamlJson.Convert"/> builds (as the schema was read before), byte for byte,
/// and it must refuse what that refuses.
/// </summary>
public sealed class YamlJsonTests
{
    private const string CrdSchema = """
        type: object
        description: |-
          A long description, over
          several lines: with "quotes", 'ticks', <html> & unicode é ✓.
        required: [spec]
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.minReplicas <= self.maxReplicas"
              message: min must not exceed max
            - rule: >-
                !has(self.mode) ||
                self.mode in ['a', 'b']
              messageExpression: "'mode ' + self.mode"
              optionalOldSelf: true
            properties:
              minReplicas: {type: integer, minimum: 0, maximum: 2147483647}
              ratio: {type: number, minimum: 0.5, exclusiveMaximum: true, maximum: 1e3}
              big: {type: integer, maximum: 0x7FFFFFFF, default: 010}
              mode: {type: string, enum: ["a", "b", 'null', yes, ~], pattern: '^[a-z]+(\.[a-z]+)*$'}
              empty:
              flag: {type: boolean, default: off}
              quantity:
                anyOf: [{type: integer}, {type: string}]
                x-kubernetes-int-or-string: true
        """;

    public static TheoryData<string> Schemas()
    {
        var data = new TheoryData<string> { CrdSchema };
        foreach (string doc in LightYamlTests.Readable()) data.Add(doc);
        return data;
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Json_text_written_from_the_yaml_tree_is_the_json_trees_text(string yaml)
    {
        if (Tree(yaml) is not { } node) return;
        var fromTree = Encoding.UTF8.GetBytes(YamlJson.Convert(node)?.ToJsonString() ?? "null");
        Assert.Equal(Encoding.UTF8.GetString(fromTree), Encoding.UTF8.GetString(YamlJson.ToJson(node).Span));
    }

    [Fact]
    public void A_mapping_with_keys_that_are_not_scalars_keeps_one_entry_per_name_with_its_last_value_as_the_tree_does()
    {
        var node = YamlEventTree.Parse("a: 1\n[x]: 2\nb: 3\n{y: 1}: 4\n? [z]\n: 5\n", out _)!;
        var json = Encoding.UTF8.GetString(YamlJson.ToJson(node).Span);
        Assert.Equal("""{"a":1,"":5,"b":3}""", json);
        Assert.Equal(YamlJson.Convert(node)!.ToJsonString(), json);
    }

    [Fact]
    public void A_crd_schema_read_from_the_written_text_is_the_schema_read_from_the_json_tree()
    {
        var node = Tree(CrdSchema)!;
        var fromText = SchemaReader.Read(YamlJson.ToJson(node));
        var spec = fromText.Properties!["spec"];
        Assert.Equal(["spec"], fromText.Required);
        Assert.Equal(2, spec.CelRules.Count);
        Assert.Equal("!has(self.mode) || self.mode in ['a', 'b']", spec.CelRules[1].Rule);
        Assert.True(spec.CelRules[1].OptionalOldSelf);
        Assert.Equal("8", spec.Properties!["big"].Default!.Value.Text); // YAML 1.1's octal 010
        Assert.True(spec.Properties["quantity"].IntOrString);
    }

    [Fact]
    public void A_schema_past_the_node_budget_is_refused_as_the_tree_refuses_it()
    {
        var yaml = "items: [" + string.Join(", ", Enumerable.Repeat("x", YamlJson.MaxNodes)) + "]\n";
        var node = Tree(yaml)!;
        Assert.Throws<SchemaException>(() => YamlJson.Convert(node));
        Assert.Throws<SchemaException>(() => YamlJson.ToJson(node));
    }

    [Fact]
    public void A_number_json_cannot_hold_fails_as_writing_the_tree_fails()
    {
        var node = Tree("maximum: 1e999\n")!;
        var tree = Record.Exception(() => YamlJson.Convert(node)!.ToJsonString());
        var text = Record.Exception(() => YamlJson.ToJson(node));
        Assert.NotNull(tree);
        Assert.Equal(tree.GetType(), text?.GetType());
    }

    private static ManifestNode? Tree(string yaml) =>
        LightYaml.TryParse(yaml, 0, yaml.Length) is ManifestMapping light ? light : YamlEventTree.Parse(yaml, out _);
}
