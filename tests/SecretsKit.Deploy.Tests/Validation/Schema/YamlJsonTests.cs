using SecretsKit.Deploy.Tests.Validation;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation.Schema;

/// <summary>
/// A CRD's schema is read in place from its YAML tree (<see cref="YamlSchemaElement"/>): it must be the very schema read
/// from the JSON text of the tree <see cref="YamlJson.Convert"/> builds (as it was read before), field for field, over
/// every rendered document here and the edge cases of YAML-to-JSON typing.
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
              numbers:
                type: array
                minItems: 2.0
                maxItems: 1e3
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name, 7]
                items:
                  type: [number, "null"]
                  minimum: -1e-7
                  maximum: 1e15
                  enum: [1.5, -0.0, 1e14, 123456789012345678901234567890, 0o17, .inf, -.Inf, .nan, {a: [1, b]}, [x, 2.50], null]
                  default: 2.50
              defaults:
                type: object
                nullable: true
                default: {a: [1, 1.0, 1e15, "x", yes, ~, {b: 010}], c: {}}
              names:
                type: string
                minLength: 1_000
                maxLength: 0x10
                default: "0x10"
                format: date-time
              odd:
                anyOf: [{type: 1}, {type: true}]
                allOf: [{$ref: "#/definitions/x"}]
              refOnly:
                $ref: other.json#/y
              nullable:
                type: [string, "null"]
                enum: [a, null]
              ? [complex, key]
              : {type: string}
              ? {another: key}
              : {type: integer}
        """;

    public static TheoryData<string> Schemas()
    {
        var data = new TheoryData<string> { CrdSchema };
        foreach (string doc in SecretsKit.Deploy.Tests.Validation.Tree.LightYamlTests.Readable()) data.Add(doc);
        return data;
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void A_schema_read_from_the_yaml_tree_is_the_schema_read_from_the_json_trees_text(string yaml)
    {
        if (Tree(yaml) is not { } node) return;
        foreach (var schema in OpenApiSchemas(node).Append(node))
        {
            Assert.Equal(SchemaDump.Of(SchemaReader.Read(YamlJson.Convert(schema))), SchemaDump.Of(SchemaReader.Read(schema)));
        }
    }

    [Fact]
    public void The_edge_cases_read_as_json_types_them()
    {
        var read = SchemaReader.Read(Tree(CrdSchema)!);
        var spec = read.Properties!["spec"];
        Assert.Equal(["spec"], read.Required);
        Assert.Equal(2, spec.CelRules.Count);
        Assert.Equal("!has(self.mode) || self.mode in ['a', 'b']", spec.CelRules[1].Rule);
        Assert.True(spec.CelRules[1].OptionalOldSelf);
        Assert.Equal("8", spec.Properties!["big"].Default!.Value.Text); // YAML 1.1's octal 010
        Assert.True(spec.Properties["quantity"].IntOrString);
        var numbers = spec.Properties["numbers"];
        Assert.Equal((2L, 1000L), (numbers.Bounds!.MinItems, numbers.Bounds.MaxItems)); // whole floats are JSON integers
        Assert.Equal((-1e-7, 1e15), (numbers.Items!.Bounds!.Minimum, numbers.Items.Bounds.Maximum));
        Assert.Equal("Float:2.5", $"{numbers.Items.Default!.Value.Kind}:{numbers.Items.Default.Value.Text}");
        Assert.Contains(numbers.Items.Enum!, v => v is { Kind: ScalarKind.String, Text: """{"a":[1,"b"]}""" });
        Assert.Contains(numbers.Items.Enum!, v => v is { Kind: ScalarKind.String, Text: ".inf" }); // JSON has no infinity: its text
        Assert.Equal((1000L, 16L), (spec.Properties["names"].Bounds!.MinLength, spec.Properties["names"].Bounds!.MaxLength));
        Assert.Single(spec.Properties.Keys, k => k.Length == 0); // two keys that are not scalars: one property named ""
        Assert.Null(spec.Properties["odd"].Type);
        Assert.Null(spec.Properties["refOnly"].Ref);
    }

    [Fact]
    public void A_mapping_with_keys_that_are_not_scalars_keeps_one_entry_per_name_with_its_last_value_as_the_tree_does()
    {
        var node = YamlEventTree.Parse("properties:\n  a: {type: integer}\n  [x]: {type: string}\n  b: {type: boolean}\n  {y: 1}: {type: number}\n", out _)!;
        Assert.Equal("""{"properties":{"a":{"type":"integer"},"":{"type":"number"},"b":{"type":"boolean"}}}""", YamlJson.Convert(node)!.ToJsonString());
        var read = SchemaReader.Read(node);
        Assert.Equal(["a", "", "b"], read.Properties!.Keys);
        Assert.Equal("number", read.Properties[""].Type);
    }

    [Fact]
    public void A_schema_past_the_node_budget_is_refused()
    {
        var yaml = "items: [" + string.Join(", ", Enumerable.Repeat("x", YamlJson.MaxNodes)) + "]\n";
        var node = Tree(yaml)!;
        Assert.Throws<SchemaException>(() => YamlJson.Convert(node));
        Assert.Throws<SchemaException>(() => YamlJson.CheckSize(node));
    }

    [Theory]
    [InlineData("false", "Boolean")]
    [InlineData("False", "Boolean")]
    [InlineData("FALSE", "Boolean")]
    [InlineData("true", "Boolean")]
    [InlineData("Yes", "Boolean")]
    [InlineData("OFF", "Boolean")]
    [InlineData("NULL", "Null")]
    [InlineData("~", "Null")]
    [InlineData("", "Null")]
    [InlineData(".Inf", "Float")]
    [InlineData("-.inf", "Float")]
    [InlineData("1_000", "Integer")]
    [InlineData("0x1F", "Integer")]
    [InlineData("+12", "Integer")]
    [InlineData("1.5e3", "Float")]
    [InlineData(".5", "Float")]
    [InlineData("falsey", "String")]
    [InlineData("Nullable", "String")]
    [InlineData("string", "String")]
    [InlineData("array", "String")]
    [InlineData("1.2.3", "String")]
    [InlineData("1.2.x", "String")]
    public void A_plain_scalar_is_typed_as_yaml_1_1_types_it_whatever_its_length(string text, string kind)
    {
        Assert.Equal(kind, ScalarValue.Resolve(text).Kind.ToString());
    }

    /// <summary>The null test the defaulting and the validator ask of every scalar answers as typing the scalar does,
    /// for every YAML 1.1 keyword and near miss, plain or quoted, with or without a tag.</summary>
    [Fact]
    public void A_scalar_is_null_exactly_when_it_is_typed_null()
    {
        string[] texts = ["", "~", "null", "Null", "NULL", "nULL", "nul", "nulls", " null", "true", "y", "n", "off", "0", "-", "~~", "None"];
        string?[] tags = [null, "!!str", "tag:yaml.org,2002:str", "!!null", "!custom"];
        foreach (var text in texts)
        {
            foreach (var plain in new[] { true, false })
            {
                foreach (var tag in tags)
                {
                    var scalar = new ManifestScalar(text, plain, tag);
                    Assert.True(ScalarValue.Of(scalar).Kind == ScalarKind.Null == ScalarValue.IsNull(scalar), $"'{text}' plain={plain} tag={tag}");
                }
            }
        }
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    [InlineData("1_0e400")]
    public void A_float_out_of_a_doubles_range_is_text_as_gos_yaml_types_it(string text)
    {
        Assert.Equal(ScalarKind.String, ScalarValue.Resolve(text).Kind);
        Assert.Null(SchemaReader.Read(Tree($"type: number\nmaximum: {text}\n")!).Bounds);
    }

    private static IEnumerable<ManifestNode> OpenApiSchemas(ManifestNode node)
    {
        var pending = new Stack<ManifestNode>([node]);
        while (pending.TryPop(out var next))
        {
            if (next is ManifestMapping map)
            {
                foreach (var (key, _, value) in map.Entries)
                {
                    if (key == "openAPIV3Schema") yield return value;
                    else pending.Push(value);
                }
            }
            else if (next is ManifestSequence seq)
            {
                foreach (var item in seq.Items) pending.Push(item);
            }
        }
    }

    private static ManifestNode? Tree(string yaml) =>
        LightYaml.TryParse(yaml, 0, yaml.Length) is ManifestMapping light ? light : YamlEventTree.Parse(yaml, out _);
}
