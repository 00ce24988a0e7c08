using System.Globalization;
using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Go.Strconv;
using SecretsKit.Templates.Calls;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Templates.Yaml;

/// <summary>
/// YAML to and from template values: <see cref="Read"/> resolves plain scalars as YAML 1.2 core (null, bool, int,
/// float, else string) with maps as ordered dictionaries; <see cref="Write"/> is block YAML with sorted keys, as Go's
/// YAML marshallers print a <c>map[string]interface{}</c>.
/// </summary>
public static partial class TemplateYaml
{
    public static object? Read(string text) => Read(text, yaml11: false);

    /// <summary>
    /// The first document of <paramref name="text"/>; <paramref name="yaml11"/> resolves plain scalars as go-yaml v2 does
    /// (YAML 1.1: <c>yes no on off y n</c> are booleans, <c>0755</c> is octal), else as YAML 1.2's core schema (go-yaml v3).
    /// </summary>
    public static object? Read(string text, bool yaml11)
    {
        var stream = new YamlStream();
        YamlStreamLoader.Load(stream, text);
        return stream.Documents.Count == 0 ? null : FromNode(stream.Documents[0].RootNode, yaml11);
    }

    public static object? FromNode(YamlNode node) => FromNode(node, yaml11: false);

    /// <summary>
    /// go-yaml's text for a YAML error: <c>yaml: line N: problem</c>, the line counted as go-yaml's <c>fail</c> counts it
    /// (a parser error's 0-based line, a scanner error's 1-based one, none on the first line) and the problem in libyaml's
    /// words (YamlDotNet's context and final full stop left out).
    /// </summary>
    public static string GoError(YamlException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var problem = YamlStreamLoader.Reason(e).TrimEnd('.');
        if (problem.StartsWith("While ", StringComparison.Ordinal) && problem.IndexOf(", ", StringComparison.Ordinal) is var comma and > 0) problem = problem[(comma + 2)..];
        var line = e.Start.Line - 1;
        if (line > 0 && e is SyntaxErrorException) line++;
        return line > 0 ? $"yaml: line {line}: {problem}" : $"yaml: {problem}";
    }

    /// <summary><paramref name="node"/> as a template value, plain scalars typed as in <see cref="Read(string, bool)"/>.</summary>
    public static object? FromNode(YamlNode node, bool yaml11) => node switch
    {
        YamlMappingNode m => m.Children.Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, kv) =>
        {
            // libyaml refuses a value with no key before it (": x"), which YamlDotNet reads as an empty key
            if (kv.Key is YamlScalarNode { Value: "", Style: ScalarStyle.Plain } empty && empty.Start.Equals(empty.End) && empty.Tag.IsEmpty)
            {
                throw new SemanticErrorException(kv.Value.Start, kv.Value.End, "did not find expected key");
            }
            d[Key(kv.Key, yaml11)] = FromNode(kv.Value, yaml11);
            return d;
        }),
        YamlSequenceNode s => s.Children.Select(c => FromNode(c, yaml11)).ToList(),
        YamlScalarNode sc => Scalar(sc, yaml11),
        _ => null,
    };

    /// <summary>
    /// A mapping key as a string: as written (go-yaml v3), or, in YAML 1.1 through JSON (sigs.k8s.io/yaml), as the JSON
    /// text of what it resolves to (<c>on</c> is the key <c>true</c>, <c>~</c> the key <c>null</c>).
    /// </summary>
    private static string Key(YamlNode key, bool yaml11) => key switch
    {
        YamlScalarNode k when !yaml11 => k.Value ?? "",
        YamlScalarNode k => Scalar(k, yaml11) switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            double d => GoFloat.FormatJson(d),
            var v => GoValues.Format(v),
        },
        _ => GoValues.Format(FromNode(key, yaml11)),
    };

    /// <summary>
    /// A scalar as go-yaml decodes it into <c>interface{}</c>: quoted, block and <c>!!str</c> scalars are strings; a plain one
    /// is typed by <see cref="YamlScalars.GoYamlV2"/> (<paramref name="yaml11"/>: the YAML step of sigs.k8s.io/yaml, which
    /// ESO's and Helm's <c>fromYaml</c> use) or <see cref="YamlScalars.GoYamlV3"/> (helmfile's go-yaml v3); a timestamp
    /// stays its text, as both libraries decode one into <c>interface{}</c>.
    /// </summary>
    private static object? Scalar(YamlScalarNode node, bool yaml11 = false)
    {
        var v = node.Value ?? "";
        if (node.Style is not ScalarStyle.Plain || (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value == "tag:yaml.org,2002:str")) return v;
        var scalar = yaml11 ? YamlScalars.GoYamlV2(v) : YamlScalars.GoYamlV3(v);
        return scalar.Kind switch
        {
            YamlResolvedKind.Null => null,
            YamlResolvedKind.Bool => scalar.Bool,
            YamlResolvedKind.Int => scalar.Int,
            YamlResolvedKind.UInt64 => scalar.UInt,
            YamlResolvedKind.Float => scalar.Float,
            _ => v,
        };
    }

    /// <summary>Block YAML as go-yaml v3 writes it (helmfile's <c>toYaml</c>, reports).</summary>
    public static string Write(object? value) => GoYamlWriter.Write(value, GoYamlDialect.V3);

    /// <summary>Block YAML as <paramref name="dialect"/>'s Go encoder writes it, stopped once it passes <paramref name="limit"/> characters (0: no limit).</summary>
    public static string Write(object? value, GoYamlDialect dialect, long limit = 0) => GoYamlWriter.Write(value, dialect, limit);

    /// <summary>A string as go-yaml v3 writes it on its own (<c>v</c> of <c>v: …</c> without the newline).</summary>
    public static string Scalar(string s)
    {
        var line = Write(new Dictionary<string, object?>(StringComparer.Ordinal) { ["v"] = s });
        return line[3..^1];
    }

    /// <summary>
    /// Whether go-yaml reads the plain form of <paramref name="s"/> back as the same string in YAML 1.2 and 1.1 (not null, a
    /// boolean, a number, an infinity, NaN, a base-60 number or a timestamp): go-yaml's encoder (v2 and v3 alike)
    /// double-quotes any string for which this is false.
    /// </summary>
    public static bool ReadsAsString(string s) => YamlScalars.GoYamlV3WritesPlain(s);
}
