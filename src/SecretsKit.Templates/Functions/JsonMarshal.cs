using System.Text;
using SecretsKit.Go.Json;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// Go's <c>json.Marshal</c> / <c>MarshalIndent</c> / an <c>Encoder</c> without HTML escaping, over template values, through
/// the runtime's one JSON writer (<see cref="GoJsonWriter"/>):
/// map keys sorted, a nil slice as <c>null</c>, NaN and infinities refused, a cycle refused after 1,000 levels as Go
/// does, strings as the bytes they hold (an invalid byte as <c>\ufffd</c>). The output is bounded by
/// <see cref="TemplateLimits.MaxOutput"/> as it grows (a list holding itself many times is exponential).
/// </summary>
internal sealed class JsonMarshal
{
    private const int CycleDepth = 1000;
    private readonly TemplateCall _call;
    private readonly MemoryStream _output;
    private readonly GoJsonWriter _writer;
    private readonly List<object> _path = [];

    private JsonMarshal(TemplateCall call, MemoryStream output, GoJsonOptions options)
    {
        _call = call;
        _output = output;
        _writer = new GoJsonWriter(output, options);
    }

    public static string Write(TemplateCall call, object? v, bool escapeHtml = true, string? indent = null)
    {
        using var output = new MemoryStream();
        var w = new JsonMarshal(call, output, new GoJsonOptions(indent, escapeHtml));
        w.Value(v, 0);
        w._writer.Finish();
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>The output budget in characters, as the template's output counts them (checked when the bytes pass it).</summary>
    private void Check()
    {
        var max = _call.OutputLimit;
        if (max <= 0 || _writer.Length <= max) return;
        _writer.Finish();
        var characters = Encoding.UTF8.GetCharCount(_output.GetBuffer(), 0, (int)_output.Length);
        if (characters > max) _call.EnsureFits(characters);
    }

    private void Value(object? v, int level)
    {
        Check();
        switch (v)
        {
            case null: _writer.WriteNullValue(); break;
            case bool b: _writer.WriteBooleanValue(b); break;
            case long or int or GoInt64: _writer.WriteNumberValue(GoTypes.IntegerValue(v)); break;
            case ulong u: _writer.WriteNumberValue(u); break;
            case double d when !double.IsFinite(d): throw new TemplateFunctionException($"json: unsupported value: {GoFloat.FormatG(d, upper: false)}");
            case double d: _writer.WriteNumberValue(d); break;
            case string s: String(s); break;
            case GoTimeValue t: String(t.MarshalText()); break;
            case IReadOnlyDictionary<string, object?> m: Map(m, level); break;
            case GoSlice { IsNil: true } or GoTypedDictionary { IsNil: true }: _writer.WriteNullValue(); break;
            case IReadOnlyList<object?> l: List(l, level); break;
            case IGoValue o: String(o.TryFormat() ?? GoValues.Format(o)); break;
            default: String(GoValues.Format(v)); break;
        }
    }

    private void Map(IReadOnlyDictionary<string, object?> m, int level)
    {
        Enter(m, level);
        _writer.WriteStartObject();
        foreach (var (k, child) in GoTypes.Sorted(m))
        {
            if (Bytes(k) is { } key) _writer.WritePropertyName(key);
            else _writer.WritePropertyName(k);
            Value(child, level + 1);
        }
        _writer.WriteEndObject();
        _path.RemoveAt(_path.Count - 1);
    }

    private void List(IReadOnlyList<object?> l, int level)
    {
        Enter(l, level);
        _writer.WriteStartArray();
        foreach (var item in l) Value(item, level + 1);
        _writer.WriteEndArray();
        _path.RemoveAt(_path.Count - 1);
    }

    private void Enter(object container, int level)
    {
        if (level >= CycleDepth && _path.Any(p => ReferenceEquals(p, container)))
        {
            throw new TemplateFunctionException($"json: unsupported value: encountered a cycle via {GoTypes.TypeName(container)}");
        }
        _path.Add(container);
    }

    private void String(string s)
    {
        if (Bytes(s) is { } bytes) _writer.WriteStringValue(bytes);
        else _writer.WriteStringValue(s);
    }

    /// <summary>
    /// The bytes of a Go string that holds invalid UTF-8 (<see cref="GoString"/>'s escaped bytes, or any other lone
    /// surrogate, each as one invalid byte the writer shows as <c>\ufffd</c>); null when it is valid text.
    /// </summary>
    private static byte[]? Bytes(string s)
    {
        if (!HasLoneSurrogate(s)) return null;
        var bytes = new List<byte>(s.Length + 16);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                bytes.AddRange(buffer[..new Rune(s[i], s[++i]).EncodeToUtf8(buffer)]);
            }
            else if (char.IsSurrogate(s[i]))
            {
                bytes.Add(0xFF);
            }
            else
            {
                bytes.AddRange(buffer[..new Rune(s[i]).EncodeToUtf8(buffer)]);
            }
        }
        return [.. bytes];
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }
}
