using System.Globalization;
using System.Text;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>Every field of a read schema as text, so two ways of reading one schema can be compared whole.</summary>
internal static class SchemaDump
{
    public static string Of(SchemaNode node)
    {
        var sb = new StringBuilder();
        Dump(node, sb, 0);
        return sb.ToString();
    }

    /// <summary>A tree's shape and scalars (plain or quoted, and their text).</summary>
    public static string Tree(ManifestNode node) => node switch
    {
        ManifestMapping map => "{" + string.Join(",", map.Entries.Select(e => $"{e.Key}:{Tree(e.Value)}")) + "}",
        ManifestSequence seq => "[" + string.Join(",", seq.Items.Select(Tree)) + "]",
        ManifestScalar s => (s.Plain ? "plain " : "quoted ") + s.Value,
        _ => "?",
    };

    private static void Dump(SchemaNode node, StringBuilder sb, int depth)
    {
        var pad = new string(' ', depth * 2);
        sb.Append(pad).Append(CultureInfo.InvariantCulture,
            $"type={node.Type} format={node.Format} ios={node.IntOrString} pres={node.PreserveUnknownFields} addAllowed={node.AdditionalAllowed} addForbidden={node.AdditionalForbidden} ref={node.Ref}\n");
        sb.Append(pad).Append("required=").AppendJoin(",", node.Required).Append('\n');
        if (node.Enum is { } e) sb.Append(pad).Append("enum=").AppendJoin(",", e.Select(v => $"{v.Kind}:{v.Text}")).Append('\n');
        if (node.Default is { } d) sb.Append(pad).Append(CultureInfo.InvariantCulture, $"default={d.Kind}:{d.Text}\n");
        if (node.DefaultValue is { } tree) sb.Append(pad).Append("defaultValue=").Append(Tree(tree)).Append('\n');
        if (node.Nullable) sb.Append(pad).Append("nullable\n");
        if (node.Pattern is { } p) sb.Append(pad).Append("pattern=").Append(p.Text).Append('\n');
        if (node.Bounds is { } b) sb.Append(pad).Append(CultureInfo.InvariantCulture, $"bounds={b}\n");
        if (node.ListType is { } lt) sb.Append(pad).Append("listType=").Append(lt).Append(" keys=").AppendJoin(",", node.ListMapKeys).Append('\n');
        foreach (var rule in node.CelRules) sb.Append(pad).Append(CultureInfo.InvariantCulture, $"rule={rule}\n");
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
