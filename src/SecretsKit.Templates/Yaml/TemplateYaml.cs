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

    private static object? FromNode(YamlNode node, bool yaml11) => node switch
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

    private static object? Scalar(YamlScalarNode node, bool yaml11 = false)
    {
        var v = node.Value ?? "";
        if (node.Style is not ScalarStyle.Plain || (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value == "tag:yaml.org,2002:str")) return v;
        if (v is "" or "~" or "null" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE") return true;
        if (v is "false" or "False" or "FALSE") return false;
        if (v is ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF") return double.PositiveInfinity;
        if (v is "-.inf" or "-.Inf" or "-.INF") return double.NegativeInfinity;
        if (v is ".nan" or ".NaN" or ".NAN") return double.NaN;
        if (yaml11 && v is "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON") return true;
        if (yaml11 && v is "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF") return false;
        // go-yaml tries a number only for a plain scalar that starts with a digit, a sign or a dot (so `_0` is a string)
        if (!(char.IsAsciiDigit(v[0]) || v[0] is '-' or '+' or '.')) return v;
        return (yaml11 ? V2Number(v) : V3Number(v)) ?? v;
    }

    /// <summary>
    /// yaml.v3's numbers: <c>strconv.ParseInt(s, 0, 64)</c> with underscores dropped (so <c>0x1F</c>, <c>0o17</c>,
    /// <c>0b101</c> and YAML 1.1's <c>010</c> = 8), else <c>ParseUint</c> (a uint64 past int64), else a float in YAML's
    /// style; null when none.
    /// </summary>
    private static object? V3Number(string v)
    {
        var plain = v.Replace("_", "", StringComparison.Ordinal);
        if (GoStrconv.TryParseInt(plain, out var l)) return l;
        if (GoStrconv.TryParseUint(plain, out var u)) return u;
        return YamlStyleFloat().IsMatch(plain) && GoStrconv.TryParseFloat(plain, out var d) ? d : null;
    }

    /// <summary>go-yaml v2's numbers, as sigs.k8s.io/yaml reads them: YAML 1.1 octal <c>0755</c>, decimal and hex integers, floats.</summary>
    private static object? V2Number(string v)
    {
        if (v.Length > 1 && v[0] == '0' && v.All(c => c is >= '0' and <= '7')) return Convert.ToInt64(v, 8);
        var digits = v.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (digits.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)) return hex;
        if (digits.StartsWith("0o", StringComparison.Ordinal) && digits.Length > 2 && digits[2..].All(c => c is >= '0' and <= '7')) return Convert.ToInt64(digits[2..], 8);
        return GoFloat.TryParse(digits, out var d) ? d : null;
    }

    /// <summary>go-yaml's <c>yamlStyleFloat</c>: what it hands to <c>ParseFloat</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex YamlStyleFloat();

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
    /// Whether go-yaml reads the plain form of <paramref name="s"/> back as the same string: not null, a YAML 1.2 or 1.1
    /// boolean, a number in any base, an infinity, NaN, a base-60 number or a timestamp. go-yaml's encoder double-quotes
    /// any string for which this is false.
    /// </summary>
    public static bool ReadsAsString(string s) =>
        Scalar(new YamlScalarNode(s) { Style = ScalarStyle.Plain }) is string
        && s is not ("y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF")
        && !YamlV3NonString().IsMatch(s);

    /// <summary>
    /// Plain scalars yaml.v3 resolves to another type than string, beyond what <see cref="Read"/> resolves: binary
    /// integers (<c>0b101</c>), infinities and NaN (<c>.inf</c>, <c>-.Inf</c>, <c>.NaN</c>) and timestamps
    /// (<c>2001-12-14</c>, <c>2001-12-14T21:59:43Z</c>; matched loosely: quoting a string that only looks like one is
    /// harmless). yaml.v3's encoder quotes such strings, so Go's <c>toYaml</c> does.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[-+]?0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex YamlV3NonString();
}
