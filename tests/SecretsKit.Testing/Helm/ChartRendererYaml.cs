using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SecretsKit.Testing.Helm;

/// <summary>
/// <c>toYaml</c> the way Helm's (sigs.k8s.io/yaml over go-yaml) prints: map keys sorted, two-space indentation,
/// sequences under a key not indented, <c>{}</c>/<c>[]</c> for empty collections, strings quoted only when a plain
/// scalar would read back as something else.
/// </summary>
internal static partial class ChartRendererYaml
{
    public static string Emit(object? value)
    {
        var sb = new StringBuilder();
        switch (value)
        {
            case IDictionary<string, object?> { Count: > 0 } map:
                EmitMap(sb, map, 0);
                break;
            case IList<object?> { Count: > 0 } list:
                EmitList(sb, list, 0);
                break;
            default:
                sb.Append(Scalar(value)).Append('\n');
                break;
        }
        return sb.ToString();
    }

    private static void EmitMap(StringBuilder sb, IDictionary<string, object?> map, int indent)
    {
        foreach (var (key, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(' ', indent).Append(Str(key)).Append(':');
            switch (v)
            {
                case IDictionary<string, object?> { Count: > 0 } child:
                    sb.Append('\n');
                    EmitMap(sb, child, indent + 2);
                    break;
                case IList<object?> { Count: > 0 } list:
                    sb.Append('\n');
                    EmitList(sb, list, indent);
                    break;
                default:
                    sb.Append(' ').Append(Scalar(v)).Append('\n');
                    break;
            }
        }
    }

    private static void EmitList(StringBuilder sb, IList<object?> list, int indent)
    {
        foreach (var item in list)
        {
            sb.Append(' ', indent).Append('-');
            switch (item)
            {
                case IDictionary<string, object?> { Count: > 0 } map:
                {
                    // first key on the dash line, the rest aligned under it
                    var inner = new StringBuilder();
                    EmitMap(inner, map, indent + 2);
                    sb.Append(' ').Append(inner.ToString().AsSpan(indent + 2));
                    break;
                }
                case IList<object?> { Count: > 0 } nested:
                {
                    var inner = new StringBuilder();
                    EmitList(inner, nested, indent + 2);
                    sb.Append(' ').Append(inner.ToString().AsSpan(indent + 2));
                    break;
                }
                default:
                    sb.Append(' ').Append(Scalar(item)).Append('\n');
                    break;
            }
        }
    }

    private static string Scalar(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => Str(s),
        IDictionary<string, object?> => "{}",
        IList<object?> => "[]",
        _ => throw new ChartRendererException($"toYaml: cannot print {ChartRendererValues.TypeName(v)}"),
    };

    private static string Str(string s) =>
        Plain().IsMatch(s) && !Ambiguous().IsMatch(s) ? s : ChartRendererValues.GoQuote(s); // a Go-quoted string is a valid YAML double-quoted scalar

    /// <summary>Safe plain scalars: start with a letter, digit, '/' or '_', then no YAML indicators.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_/.][A-Za-z0-9_./+=@-]*$")]
    private static partial Regex Plain();

    /// <summary>Plain text that YAML 1.1 would read as a bool, null or number.</summary>
    [GeneratedRegex(@"^(?i:y|n|yes|no|on|off|true|false|null|~)$|^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^0x[0-9a-fA-F]+$|^0o?[0-7]+$|^\.(?i:inf|nan)$")]
    private static partial Regex Ambiguous();
}
