using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Reconcile.Templates;

/// <summary>The template function set (sprig-compatible names and argument order).</summary>
internal static class TemplateFunctions
{
    public static readonly IReadOnlyList<string> Names =
        ["index", "b64enc", "b64dec", "toJson", "fromJson", "quote", "default", "upper", "lower", "trim", "replace", "printf", "toYaml", "toString"];

    public static object? Call(string name, List<object?> a, string where)
    {
        object? Arg(int i) => i < a.Count ? a[i] : throw new TemplateException($"{where}: {name} needs {i + 1} argument(s), got {a.Count}");
        string S(int i) => Print(Arg(i));
        switch (name)
        {
            case "index":
                object? cur = Arg(0);
                for (var i = 1; i < a.Count; i++)
                {
                    cur = cur switch
                    {
                        IReadOnlyDictionary<string, object?> m => m.TryGetValue(Print(a[i]), out var v) ? v : null,
                        IReadOnlyList<object?> l when a[i] is long n && n >= 0 && n < l.Count => l[(int)n],
                        _ => throw new TemplateException($"{where}: index: cannot index this value"),
                    };
                }
                return cur;
            case "b64enc": return Convert.ToBase64String(Encoding.UTF8.GetBytes(S(0)));
            case "b64dec":
                try
                {
                    return Encoding.UTF8.GetString(Convert.FromBase64String(S(0)));
                }
                catch (FormatException)
                {
                    throw new TemplateException($"{where}: b64dec: input is not valid base64");
                }
            case "toJson": return ToJson(Arg(0))?.ToJsonString() ?? "null";
            case "fromJson":
                try
                {
                    return FromJson(JsonNode.Parse(S(0)));
                }
                catch (JsonException)
                {
                    throw new TemplateException($"{where}: fromJson: input is not valid JSON");
                }
            case "quote": return string.Join(" ", a.Select(x => "\"" + Print(x).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
            case "default":
                var given = a.Count > 1 ? a[1] : null;
                return given is null || (given is string gs && gs.Length == 0) || given is false ? Arg(0) : given;
            case "upper": return S(0).ToUpperInvariant();
            case "lower": return S(0).ToLowerInvariant();
            case "trim": return S(0).Trim();
            case "toString": return S(0);
            case "replace": return S(2).Replace(S(0), S(1), StringComparison.Ordinal);
            case "printf": return Printf(S(0), a.Skip(1).ToList());
            case "toYaml": return TemplateYaml.Write(Arg(0)).TrimEnd('\n');
            default:
                throw new TemplateException($"{where}: function \"{name}\" not defined (supported: {string.Join(", ", Names)})");
        }
    }

    public static string Print(object? v) => v switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> => ToJson(v)!.ToJsonString(),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Printf(string format, List<object?> args)
    {
        var sb = new StringBuilder();
        var n = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }
            var verb = format[++i];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            var arg = n < args.Count ? args[n++] : null;
            sb.Append(verb == 'q' ? "\"" + Print(arg) + "\"" : Print(arg));
        }
        return sb.ToString();
    }

    public static JsonNode? ToJson(object? v) => v switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        IReadOnlyDictionary<string, object?> m => new JsonObject(m.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        IReadOnlyList<object?> l => new JsonArray([.. l.Select(ToJson)]),
        _ => JsonValue.Create(Print(v)),
    };

    public static object? FromJson(JsonNode? n) => n switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => FromJson(kv.Value), StringComparer.Ordinal) as IReadOnlyDictionary<string, object?>,
        JsonArray a => a.Select(FromJson).ToList() as IReadOnlyList<object?>,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };
}
