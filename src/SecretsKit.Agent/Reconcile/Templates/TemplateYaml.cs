using System.Text;

namespace SecretsKit.Agent.Reconcile.Templates;

/// <summary><c>toYaml</c>: block-style YAML of maps, lists and scalars (strings quoted when YAML would misread them).</summary>
internal static class TemplateYaml
{
    public static string Write(object? value)
    {
        var sb = new StringBuilder();
        Emit(sb, value, 0);
        return sb.ToString();
    }

    private static void Emit(StringBuilder sb, object? v, int indent)
    {
        var pad = new string(' ', indent);
        switch (v)
        {
            case IReadOnlyDictionary<string, object?> m:
                if (m.Count == 0) { sb.Append("{}\n"); return; }
                foreach (var (k, child) in m.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    sb.Append(pad).Append(Scalar(k));
                    if (child is IReadOnlyDictionary<string, object?> { Count: > 0 } or IReadOnlyList<object?> { Count: > 0 })
                    {
                        sb.Append(":\n");
                        Emit(sb, child, child is IReadOnlyList<object?> ? indent : indent + 2);
                    }
                    else
                    {
                        sb.Append(": ");
                        Emit(sb, child, 0);
                    }
                }
                return;
            case IReadOnlyList<object?> l:
                if (l.Count == 0) { sb.Append("[]\n"); return; }
                foreach (var item in l)
                {
                    sb.Append(pad).Append("- ");
                    if (item is IReadOnlyDictionary<string, object?> or IReadOnlyList<object?>)
                    {
                        sb.Append('\n');
                        Emit(sb, item, indent + 2);
                    }
                    else Emit(sb, item, 0);
                }
                return;
            default:
                sb.Append(v is string s ? Scalar(s) : TemplateFunctions.Print(v ?? "null")).Append('\n');
                return;
        }
    }

    private static string Scalar(string s)
    {
        var plain = s.Length > 0 && !s.Any(c => c is ':' or '#' or '\n' or '"' or '\'' or '{' or '}' or '[' or ']' or ',' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`')
            && !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1]) && s[0] != '-' && s[0] != '?'
            && s is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~")
            && !double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
        return plain ? s : "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
    }
}
