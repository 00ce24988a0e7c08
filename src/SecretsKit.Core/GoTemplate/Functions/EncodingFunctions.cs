using System.Globalization;
using System.Text;
using System.Text.Json;
using SecretsKit.Core.GoText;
using YamlDotNet.Core;

namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>sprig/Helm's encoding functions: b64enc b64dec toJson fromJson toYaml fromYaml.</summary>
internal static class EncodingFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["b64enc"] = c => Convert.ToBase64String(Encoding.UTF8.GetBytes(GoValues.ToStr(c.Exactly(1)[0])));
        // sprig returns the decode error as the value; SecretsKit fails instead, so no garbage reaches a Secret
        t["b64dec"] = c => Base64Decode(GoValues.ToStr(c.Exactly(1)[0]));
        t["toJson"] = c => Json(c.Exactly(1)[0]);
        t["fromJson"] = c => FromJson(c.Exactly(1).String(0));
        t["toYaml"] = c => TemplateYaml.Write(c.Exactly(1)[0]).TrimEnd('\n');
        t["fromYaml"] = c => FromYaml(c.Exactly(1).String(0));
    }

    private static string Base64Decode(string s)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            throw new TemplateFunctionException("illegal base64 data");
        }
    }

    private static object? FromYaml(string s)
    {
        try
        {
            return TemplateYaml.Read(s) ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        catch (YamlException e)
        {
            throw new TemplateFunctionException($"error unmarshaling YAML: line {e.Start.Line}: {e.Message}");
        }
    }

    /// <summary>Go's <c>json.Marshal</c>: sorted map keys, HTML characters escaped.</summary>
    public static string Json(object? v)
    {
        var sb = new StringBuilder();
        WriteJson(sb, v);
        return sb.ToString();
    }

    private static void WriteJson(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long or int: sb.Append(GoValues.Format(v)); break;
            case double d: sb.Append(GoFloat.FormatJson(d)); break;
            case string s: JsonString(sb, s); break;
            case IReadOnlyDictionary<string, object?> m:
                sb.Append('{');
                var first = true;
                foreach (var (k, child) in GoValues.Sorted(m))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    JsonString(sb, k);
                    sb.Append(':');
                    WriteJson(sb, child);
                }
                sb.Append('}');
                break;
            case IReadOnlyList<object?> l:
                sb.Append('[');
                for (var i = 0; i < l.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteJson(sb, l[i]);
                }
                sb.Append(']');
                break;
            default: JsonString(sb, GoValues.Format(v)); break;
        }
    }

    private static void JsonString(StringBuilder sb, string s)
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
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    private static object? FromJson(string s)
    {
        try
        {
            using var doc = JsonDocument.Parse(s);
            return FromElement(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new TemplateFunctionException(e.Message);
        }
    }

    private static object? FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) =>
        {
            d[p.Name] = FromElement(p.Value);
            return d;
        }),
        JsonValueKind.Array => e.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        // encoding/json decodes every number into interface{} as float64
        JsonValueKind.Number => e.GetDouble(),
        _ => null,
    };
}
