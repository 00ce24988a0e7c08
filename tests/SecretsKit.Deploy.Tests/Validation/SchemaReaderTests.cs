using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>The built-in bundle's schemas read from a <see cref="JsonElement"/> give what reading them as <see cref="JsonNode"/>s gives.</summary>
public sealed class SchemaReaderTests
{
    public static TheoryData<string> Bundles() =>
        [.. typeof(ManifestValidator).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json.gz", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Bundles))]
    public void Every_built_in_schema_reads_the_same_from_an_element_as_from_a_node_tree(string resource)
    {
        using var stream = typeof(ManifestValidator).Assembly.GetManifestResourceStream(resource)!;
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);
        var schemas = document.RootElement.GetProperty("schemas");
        var count = 0;
        foreach (var schema in schemas.EnumerateObject())
        {
            var fromNode = SchemaReader.Read(JsonNode.Parse(schema.Value.GetRawText()));
            var fromElement = SchemaReader.Read(schema.Value);
            Assert.Equal(Dump(fromNode), Dump(fromElement));
            count++;
        }
        Assert.True(count > 500);
    }

    private static string Dump(SchemaNode node)
    {
        var sb = new StringBuilder();
        Dump(node, sb, 0);
        return sb.ToString();
    }

    private static void Dump(SchemaNode node, StringBuilder sb, int depth)
    {
        var pad = new string(' ', depth * 2);
        sb.Append(pad).Append(System.Globalization.CultureInfo.InvariantCulture, $"type={node.Type} format={node.Format} ios={node.IntOrString} pres={node.PreserveUnknownFields} addAllowed={node.AdditionalAllowed} ref={node.Ref}\n");
        sb.Append(pad).Append("required=").AppendJoin(",", node.Required).Append('\n');
        if (node.Enum is { } e) sb.Append(pad).Append("enum=").AppendJoin(",", e.Select(v => $"{v.Kind}:{v.Text}")).Append('\n');
        if (node.Properties is { } props)
        {
            foreach (var (name, value) in props)
            {
                sb.Append(pad).Append("property ").Append(name).Append('\n');
                Dump(value, sb, depth + 1);
            }
        }
        if (node.Items is { } items)
        {
            sb.Append(pad).Append("items\n");
            Dump(items, sb, depth + 1);
        }
        if (node.AdditionalProperties is { } ap)
        {
            sb.Append(pad).Append("additionalProperties\n");
            Dump(ap, sb, depth + 1);
        }
    }
}
