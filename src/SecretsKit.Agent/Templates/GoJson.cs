using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// JSON as Go's <c>encoding/json</c> writes a value it decoded into <c>any</c>: object keys sorted, numbers as float64
/// (shortest digits, exponent form below 1e-6 and from 1e21), strings with Go's escapes (<c>&lt; &gt; &amp;</c> as
/// <c>\u003c</c>… only when <paramref name="escapeHtml"/>), no spaces.
/// </summary>
internal static class GoJson
{
    public static byte[] Marshal(IReadOnlyDictionary<string, JsonNode?> obj, bool escapeHtml)
    {
        var sb = new StringBuilder();
        WriteObject(sb, obj, escapeHtml);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] Marshal(JsonNode node, bool escapeHtml)
    {
        var sb = new StringBuilder();
        Write(sb, node, escapeHtml);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteObject(StringBuilder sb, IEnumerable<KeyValuePair<string, JsonNode?>> fields, bool escapeHtml)
    {
        sb.Append('{');
        var first = true;
        foreach (var (key, value) in fields.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!first) sb.Append(',');
            first = false;
            WriteString(sb, key, escapeHtml);
            sb.Append(':');
            Write(sb, value, escapeHtml);
        }
        sb.Append('}');
    }

    private static void Write(StringBuilder sb, JsonNode? node, bool escapeHtml)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                WriteObject(sb, o, escapeHtml);
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, a[i], escapeHtml);
                }
                sb.Append(']');
                break;
            default:
                var value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(sb, value.GetValue<string>(), escapeHtml);
                        break;
                    case JsonValueKind.Number:
                        sb.Append(Number(value.GetValue<double>()));
                        break;
                    default:
                        sb.Append(value.GetValueKind() == JsonValueKind.True ? "true" : "false");
                        break;
                }
                break;
        }
    }

    /// <summary>
    /// Go's float64 text: <c>strconv.FormatFloat(d, 'f', -1, 64)</c> (the shortest digits), or with <paramref name="json"/>
    /// as <c>encoding/json</c> writes it, 'e' form (exponent without a leading zero) outside [1e-6, 1e21).
    /// </summary>
    internal static string Number(double d, bool json = true)
    {
        var abs = Math.Abs(d);
        var (digits, exponent) = Split(d.ToString("R", CultureInfo.InvariantCulture));
        var sign = d < 0 ? "-" : "";
        if (json && abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            var e = exponent - 1;
            return $"{sign}{mantissa}e{(e < 0 ? "-" : "+")}{(Math.Abs(e) < 10 && e >= 0 ? "0" : "")}{Math.Abs(e).ToString(CultureInfo.InvariantCulture)}";
        }
        if (abs == 0) return sign + "0";
        // digits d1d2...dn with the decimal point after `exponent` digits
        if (exponent <= 0) return sign + "0." + new string('0', -exponent) + digits;
        if (exponent >= digits.Length) return sign + digits + new string('0', exponent - digits.Length);
        return sign + digits[..exponent] + "." + digits[exponent..];
    }

    /// <summary>The significant digits of a round-trip text and where the decimal point goes (digits before it).</summary>
    private static (string Digits, int Exponent) Split(string text)
    {
        text = text.TrimStart('-');
        var exp = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exp = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? text[..dot] : text;
        var frac = dot >= 0 ? text[(dot + 1)..] : "";
        var all = (intPart + frac).TrimStart('0');
        var point = intPart.TrimStart('0').Length + exp;
        if (intPart.TrimStart('0').Length == 0) point = exp - (frac.Length - frac.TrimStart('0').Length);
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, point);
    }

    private static void WriteString(StringBuilder sb, string s, bool escapeHtml)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case '<' or '>' or '&' when escapeHtml:
                    sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20) sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
