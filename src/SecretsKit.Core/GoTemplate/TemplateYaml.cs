using System.Globalization;
using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.GoText;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// YAML to and from template values: <see cref="Read"/> resolves plain scalars as YAML 1.2 core (null, bool, int,
/// float, else string) with maps as ordered dictionaries; <see cref="Write"/> is block YAML with sorted keys, as Go's
/// YAML marshallers print a <c>map[string]interface{}</c>.
/// </summary>
public static partial class TemplateYaml
{
    public static object? Read(string text)
    {
        var stream = new YamlStream();
        YamlStreamLoader.Load(stream, text);
        return stream.Documents.Count == 0 ? null : FromNode(stream.Documents[0].RootNode);
    }

    public static object? FromNode(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, kv) =>
        {
            d[((YamlScalarNode)kv.Key).Value ?? ""] = FromNode(kv.Value);
            return d;
        }),
        YamlSequenceNode s => s.Children.Select(FromNode).ToList(),
        YamlScalarNode sc => Scalar(sc),
        _ => null,
    };

    private static object? Scalar(YamlScalarNode node)
    {
        var v = node.Value ?? "";
        if (node.Style is not ScalarStyle.Plain || (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value == "tag:yaml.org,2002:str")) return v;
        if (v is "" or "~" or "null" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE") return true;
        if (v is "false" or "False" or "FALSE") return false;
        var digits = v.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (digits.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)) return hex;
        if (digits.StartsWith("0o", StringComparison.Ordinal) && digits.Length > 2 && digits[2..].All(c => c is >= '0' and <= '7')) return Convert.ToInt64(digits[2..], 8);
        if ((char.IsDigit(v[0]) || v[0] is '-' or '+' or '.') && GoFloat.TryParse(digits, out var d)) return d;
        return v;
    }

    public static string Write(object? value)
    {
        var sb = new StringBuilder();
        Emit(sb, value, 0, inline: false);
        return sb.ToString();
    }

    private static void Emit(StringBuilder sb, object? v, int indent, bool inline)
    {
        switch (v)
        {
            case IReadOnlyDictionary<string, object?> { Count: > 0 } m:
                var first = true;
                foreach (var (k, child) in GoValues.Sorted(m))
                {
                    if (!(first && inline)) sb.Append(' ', indent);
                    first = false;
                    sb.Append(Scalar(k)).Append(':');
                    Child(sb, child, indent, sequenceIndent: indent);
                }
                return;
            case IReadOnlyList<object?> { Count: > 0 } l:
                var firstItem = true;
                foreach (var item in l)
                {
                    if (!(firstItem && inline)) sb.Append(' ', indent);
                    firstItem = false;
                    sb.Append('-');
                    if (item is IReadOnlyDictionary<string, object?> { Count: > 0 } or IReadOnlyList<object?> { Count: > 0 })
                    {
                        sb.Append(' ');
                        Emit(sb, item, indent + 2, inline: true);
                    }
                    else Child(sb, item, indent, indent + 2);
                }
                return;
            default:
                sb.Append(Leaf(v, indent)).Append('\n');
                return;
        }
    }

    private static void Child(StringBuilder sb, object? child, int indent, int sequenceIndent)
    {
        if (child is IReadOnlyDictionary<string, object?> { Count: > 0 })
        {
            sb.Append('\n');
            Emit(sb, child, indent + 2, inline: false);
        }
        else if (child is IReadOnlyList<object?> { Count: > 0 })
        {
            sb.Append('\n');
            Emit(sb, child, sequenceIndent, inline: false);
        }
        else sb.Append(' ').Append(Leaf(child, indent)).Append('\n');
    }

    private static string Leaf(object? v, int indent) => v switch
    {
        null => "null",
        IReadOnlyDictionary<string, object?> => "{}",
        IReadOnlyList<object?> => "[]",
        string s when s.Contains('\n', StringComparison.Ordinal) && !s.Contains('\r', StringComparison.Ordinal) && s.Trim(' ', '\n').Length > 0 && !s.StartsWith(' ') => Literal(s, indent + 2),
        string s => Scalar(s),
        double d => GoFloat.FormatYaml(d),
        _ => GoValues.Format(v),
    };

    private static string Literal(string s, int indent)
    {
        var chomp = s.EndsWith("\n\n", StringComparison.Ordinal) ? "+" : s.EndsWith('\n') ? "" : "-";
        var body = chomp == "+" ? s[..^1] : chomp == "" ? s[..^1] : s;
        var pad = new string(' ', indent);
        return "|" + chomp + "\n" + string.Join("\n", body.Split('\n').Select(line => line.Length == 0 ? "" : pad + line));
    }

    /// <summary>
    /// A string as a plain scalar when yaml.v3's emitter would write it plain in block context (no indicator where one
    /// matters: see <see cref="PlainAllowed"/>) and reads it back as the same string, else double-quoted.
    /// </summary>
    public static string Scalar(string s)
    {
        var plain = PlainAllowed(s)
            && Scalar(new YamlScalarNode(s) { Style = ScalarStyle.Plain }) is string
            && s is not ("y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF")
            && !YamlV3NonString().IsMatch(s);
        return plain ? s : GoValues.Quote(s);
    }

    /// <summary>
    /// yaml.v3's analysis of a scalar for block context: no leading or trailing space, no control or line-break character,
    /// no document marker, no indicator as the first character (<c>- ? :</c> only when a space or the end follows), no
    /// <c>": "</c> or <c>" #"</c> inside. Flow indicators after the first character are allowed in block context.
    /// </summary>
    private static bool PlainAllowed(string s)
    {
        if (s.Length == 0 || s[0] is ' ' or '\t' || s[^1] is ' ' or '\t') return false;
        if (s.StartsWith("---", StringComparison.Ordinal) || s.StartsWith("...", StringComparison.Ordinal)) return false;
        if (s[0] is '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`') return false;
        if (s[0] is '-' or '?' or ':' && (s.Length == 1 || s[1] is ' ' or '\t')) return false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c < ' ' || c is '\x7f' or '\u0085' or '\u2028' or '\u2029' or '\ufeff') return false;
            if (i > 0 && c == ':' && (i + 1 == s.Length || s[i + 1] is ' ' or '\t')) return false;
            if (i > 0 && c == '#' && s[i - 1] is ' ' or '\t') return false;
        }
        return true;
    }

    /// <summary>
    /// Plain scalars yaml.v3 resolves to another type than string, beyond what <see cref="Read"/> resolves: binary
    /// integers (<c>0b101</c>), infinities and NaN (<c>.inf</c>, <c>-.Inf</c>, <c>.NaN</c>) and timestamps
    /// (<c>2001-12-14</c>, <c>2001-12-14T21:59:43Z</c>; matched loosely: quoting a string that only looks like one is
    /// harmless). yaml.v3's encoder quotes such strings, so Go's <c>toYaml</c> does.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[-+]?0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex YamlV3NonString();
}
