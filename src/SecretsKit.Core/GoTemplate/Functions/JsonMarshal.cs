using System.Globalization;
using System.Text;
using SecretsKit.Core.GoText;

namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>
/// Go's <c>json.Marshal</c> / <c>MarshalIndent</c> / an <c>Encoder</c> without HTML escaping, over template values: map
/// keys sorted, <c>&lt; &gt; &amp;</c> escaped unless raw, U+2028/U+2029 always escaped, invalid UTF-8 as U+FFFD, a nil
/// slice as <c>null</c>, NaN and infinities refused, a cycle refused after 1,000 levels as Go does. The output is bounded
/// by <see cref="TemplateLimits.MaxOutput"/> as it grows (a list holding itself many times is exponential).
/// </summary>
internal sealed class JsonMarshal(TemplateCall call, bool escapeHtml, string? indent)
{
    private const int CycleDepth = 1000;
    private readonly StringBuilder _sb = new();
    private readonly List<object> _path = [];

    public static string Write(TemplateCall call, object? v, bool escapeHtml = true, string? indent = null)
    {
        var w = new JsonMarshal(call, escapeHtml, indent);
        w.Value(v, 0);
        return w._sb.ToString();
    }

    private void Check()
    {
        var max = call.Options.Limits.MaxOutput;
        if (max > 0 && _sb.Length > max) call.Options.Limits.EnsureFits(call.Name, _sb.Length);
    }

    private void Newline(int level)
    {
        if (indent is null) return;
        _sb.Append('\n');
        for (var i = 0; i < level; i++) _sb.Append(indent);
    }

    private void Value(object? v, int level)
    {
        Check();
        switch (v)
        {
            case null:
                _sb.Append("null");
                break;
            case bool b:
                _sb.Append(b ? "true" : "false");
                break;
            case long or int or GoInt64:
                _sb.Append(GoValues.Format(v));
                break;
            case double d:
                if (double.IsNaN(d) || double.IsInfinity(d)) throw new TemplateFunctionException($"json: unsupported value: {GoFloat.FormatG(d, upper: false)}");
                _sb.Append(GoFloat.FormatJson(d));
                break;
            case string s:
                String(s);
                break;
            case GoTimeValue t:
                String(t.MarshalText());
                break;
            case IReadOnlyDictionary<string, object?> m:
                Enter(m, level);
                if (m.Count == 0)
                {
                    _sb.Append("{}");
                }
                else
                {
                    _sb.Append('{');
                    var first = true;
                    foreach (var (k, child) in GoValues.Sorted(m))
                    {
                        if (!first) _sb.Append(',');
                        first = false;
                        Newline(level + 1);
                        String(k);
                        _sb.Append(indent is null ? ":" : ": ");
                        Value(child, level + 1);
                    }
                    Newline(level);
                    _sb.Append('}');
                }
                _path.RemoveAt(_path.Count - 1);
                break;
            case IReadOnlyList<object?> l:
                if (l is GoSlice { IsNil: true })
                {
                    _sb.Append("null");
                    break;
                }
                Enter(l, level);
                if (l.Count == 0)
                {
                    _sb.Append("[]");
                }
                else
                {
                    _sb.Append('[');
                    for (var i = 0; i < l.Count; i++)
                    {
                        if (i > 0) _sb.Append(',');
                        Newline(level + 1);
                        Value(l[i], level + 1);
                    }
                    Newline(level);
                    _sb.Append(']');
                }
                _path.RemoveAt(_path.Count - 1);
                break;
            case IGoObject o:
                String(o.TryFormat() ?? GoValues.Format(o));
                break;
            default:
                String(GoValues.Format(v));
                break;
        }
    }

    private void Enter(object container, int level)
    {
        if (level >= CycleDepth && _path.Any(p => ReferenceEquals(p, container)))
        {
            throw new TemplateFunctionException($"json: unsupported value: encountered a cycle via {GoValues.TypeName(container)}");
        }
        _path.Add(container);
    }

    private void String(string s)
    {
        _sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '<' or '>' or '&' when escapeHtml:
                case '\u2028' or '\u2029':
                case < ' ':
                    _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]):
                    _sb.Append(c).Append(s[++i]);
                    break;
                case >= '\uD800' and <= '\uDFFF':
                    _sb.Append("\\ufffd");
                    break;
                default:
                    _sb.Append(c);
                    break;
            }
        }
        _sb.Append('"');
    }
}
