using System.Globalization;
using System.Text;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// Go's <c>json.Unmarshal</c> into <c>interface{}</c>: objects become maps, arrays lists, numbers float64, and a syntax
/// error is reported with Go's scanner text (<c>invalid character 'x' looking for beginning of value</c>,
/// <c>unexpected end of JSON input</c>). Nesting stops at Go's 10,000 levels (<c>exceeded max depth</c>).
/// </summary>
internal sealed class JsonUnmarshal
{
    private const int MaxDepth = 10_000;
    private readonly string _s;
    private int _i;
    private int _depth;
    private string? _numberError;

    private JsonUnmarshal(string s) => _s = s;

    /// <summary>The decoded value and, when the input is not valid, Go's error text (the value is then nil).</summary>
    public static (object? Value, string? Error) Read(string s)
    {
        var r = new JsonUnmarshal(s);
        try
        {
            r.Space();
            var v = r.Value();
            r.Space();
            if (r._i < s.Length) throw r.Bad("after top-level value");
            return r._numberError is { } e ? (v, e) : (v, null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    private static FormatException Eof() => new("unexpected end of JSON input");

    private FormatException Bad(string context) =>
        _i >= _s.Length ? Eof() : new FormatException($"invalid character {QuoteChar(_s[_i])} {context}");

    // Go's scanner ends the input with a space: where a space is itself an error, that is the error reported.
    private FormatException BadOrSpace(string context) =>
        _i >= _s.Length ? new FormatException($"invalid character ' ' {context}") : Bad(context);

    private static string QuoteChar(char c) => c switch
    {
        '\'' => "'\\''",
        '"' => "'\"'",
        _ => "'" + GoValues.Quote(c.ToString())[1..^1] + "'",
    };

    private void Space()
    {
        while (_i < _s.Length && _s[_i] is ' ' or '\t' or '\n' or '\r') _i++;
    }

    private object? Value()
    {
        if (_i >= _s.Length) throw Eof();
        switch (_s[_i])
        {
            case '{': return Obj();
            case '[': return Arr();
            case '"': return Str();
            case 't': return Literal("true", true);
            case 'f': return Literal("false", false);
            case 'n': return Literal("null", null);
            case '-' or (>= '0' and <= '9'): return Number();
            default: throw Bad("looking for beginning of value");
        }
    }

    private object? Literal(string word, object? value)
    {
        for (var k = 0; k < word.Length; k++, _i++)
        {
            if (_s.Length <= _i || _s[_i] != word[k]) throw BadOrSpace($"in literal {word} (expecting {QuoteChar(word[k])})");
        }
        return value;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth) throw new FormatException("exceeded max depth");
    }

    private Dictionary<string, object?> Obj()
    {
        Enter();
        _i++;
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        Space();
        if (_i < _s.Length && _s[_i] == '}')
        {
            _i++;
            _depth--;
            return d;
        }
        while (true)
        {
            Space();
            if (_i >= _s.Length) throw Eof();
            if (_s[_i] != '"') throw Bad("looking for beginning of object key string");
            var key = Str();
            Space();
            if (_i >= _s.Length) throw Eof();
            if (_s[_i] != ':') throw Bad("after object key");
            _i++;
            Space();
            d[key] = Value();
            Space();
            if (_i >= _s.Length) throw Eof();
            if (_s[_i] == ',')
            {
                _i++;
                continue;
            }
            if (_s[_i] == '}')
            {
                _i++;
                _depth--;
                return d;
            }
            throw Bad("after object key:value pair");
        }
    }

    private List<object?> Arr()
    {
        Enter();
        _i++;
        var l = new List<object?>();
        Space();
        if (_i < _s.Length && _s[_i] == ']')
        {
            _i++;
            _depth--;
            return l;
        }
        while (true)
        {
            Space();
            l.Add(Value());
            Space();
            if (_i >= _s.Length) throw Eof();
            if (_s[_i] == ',')
            {
                _i++;
                continue;
            }
            if (_s[_i] == ']')
            {
                _i++;
                _depth--;
                return l;
            }
            throw Bad("after array element");
        }
    }

    private string Str()
    {
        _i++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_i >= _s.Length) throw Eof();
            var c = _s[_i];
            if (c == '"')
            {
                _i++;
                return sb.ToString();
            }
            if (c < 0x20) throw Bad("in string literal");
            if (c != '\\')
            {
                // invalid UTF-8 (held as escaped bytes) decodes to U+FFFD, as Go does
                sb.Append(c is >= '\uDC80' and <= '\uDCFF' && (_i == 0 || !char.IsHighSurrogate(_s[_i - 1])) ? '\uFFFD' : c);
                _i++;
                continue;
            }
            _i++;
            if (_i >= _s.Length) throw BadOrSpace("in string escape code");
            var e = _s[_i];
            switch (e)
            {
                case '"' or '\\' or '/': sb.Append(e); _i++; break;
                case 'b': sb.Append('\b'); _i++; break;
                case 'f': sb.Append('\f'); _i++; break;
                case 'n': sb.Append('\n'); _i++; break;
                case 'r': sb.Append('\r'); _i++; break;
                case 't': sb.Append('\t'); _i++; break;
                case 'u':
                    _i++;
                    var u = Hex4();
                    if (char.IsHighSurrogate(u) && _i + 1 < _s.Length && _s[_i] == '\\' && _s[_i + 1] == 'u')
                    {
                        var save = _i;
                        _i += 2;
                        var low = Hex4();
                        if (char.IsLowSurrogate(low))
                        {
                            sb.Append(u).Append(low);
                            break;
                        }
                        _i = save;
                    }
                    sb.Append(char.IsSurrogate(u) ? '\uFFFD' : u);
                    break;
                default:
                    throw Bad("in string escape code");
            }
        }
    }

    private char Hex4()
    {
        var v = 0;
        for (var k = 0; k < 4; k++, _i++)
        {
            if (_i >= _s.Length || !char.IsAsciiHexDigit(_s[_i])) throw BadOrSpace("in \\u hexadecimal character escape");
            v = (v * 16) + Convert.ToInt32(_s[_i].ToString(), 16);
        }
        return (char)v;
    }

    private object? Number()
    {
        var start = _i;
        if (_s[_i] == '-')
        {
            _i++;
            if (_i >= _s.Length || !char.IsAsciiDigit(_s[_i])) throw BadOrSpace("in numeric literal");
        }
        if (_s[_i] == '0') _i++;
        else while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        if (_i < _s.Length && _s[_i] == '.')
        {
            _i++;
            if (_i >= _s.Length || !char.IsAsciiDigit(_s[_i])) throw BadOrSpace("after decimal point in numeric literal");
            while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        }
        if (_i < _s.Length && _s[_i] is 'e' or 'E')
        {
            _i++;
            if (_i < _s.Length && _s[_i] is '+' or '-') _i++;
            if (_i >= _s.Length || !char.IsAsciiDigit(_s[_i])) throw BadOrSpace("in exponent of numeric literal");
            while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        }
        var text = _s[start.._i];
        var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d))
        {
            _numberError ??= $"json: cannot unmarshal number {text} into Go value of type float64";
            return null;
        }
        return d;
    }
}
