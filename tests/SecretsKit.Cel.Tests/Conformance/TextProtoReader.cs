using System.Globalization;
using System.Text;

namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>Reads the subset of protobuf text format cel-spec's conformance files use: <c>name: value</c>,
/// <c>name { … }</c> / <c>name: { … }</c>, <c>[type.url] { … }</c>, quoted strings with C escapes (adjacent ones
/// concatenated), bare tokens, <c>#</c> comments, optional <c>,</c> / <c>;</c> separators.</summary>
internal sealed class TextProtoReader(string text)
{
    private int _pos;

    public static TextProtoNode Parse(string text)
    {
        var reader = new TextProtoReader(text);
        var node = reader.Message('\0');
        return node;
    }

    private TextProtoNode Message(char close)
    {
        var node = new TextProtoNode();
        while (true)
        {
            Skip();
            if (_pos >= text.Length || text[_pos] == close)
            {
                _pos++;
                return node;
            }
            var name = FieldName();
            Skip();
            if (text[_pos] == ':')
            {
                _pos++;
                Skip();
            }
            if (text[_pos] == '[')
            {
                // a repeated field written as a list: one field per element
                _pos++;
                for (Skip(); text[_pos] != ']'; Skip())
                {
                    node.Fields.Add((name, Value()));
                    Skip();
                    if (text[_pos] == ',')
                        _pos++;
                }
                _pos++;
            }
            else
                node.Fields.Add((name, Value()));
            Skip();
            if (_pos < text.Length && text[_pos] is ',' or ';')
                _pos++;
        }
    }

    private string FieldName()
    {
        if (text[_pos] == '[')
        {
            var end = text.IndexOf(']', _pos);
            var name = text[_pos..(end + 1)];
            _pos = end + 1;
            return name;
        }
        var start = _pos;
        while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            _pos++;
        if (start == _pos)
            throw new FormatException($"field name expected at {_pos}: {text[_pos..Math.Min(text.Length, _pos + 30)]}");
        return text[start.._pos];
    }

    private object Value()
    {
        var c = text[_pos];
        if (c is '{' or '<')
        {
            _pos++;
            return Message(c == '{' ? '}' : '>');
        }
        if (c is '"' or '\'')
        {
            var bytes = new List<byte>();
            while (_pos < text.Length && text[_pos] is '"' or '\'')
            {
                bytes.AddRange(QuotedString());
                Skip();
            }
            return new TextProtoString([.. bytes]);
        }
        var start = _pos;
        while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not ('}' or '>' or ',' or ';' or '#' or ']'))
            _pos++;
        return new TextProtoToken(text[start.._pos]);
    }

    private List<byte> QuotedString()
    {
        var quote = text[_pos++];
        var bytes = new List<byte>();
        while (text[_pos] != quote)
        {
            if (text[_pos] != '\\')
            {
                var start = _pos;
                while (text[_pos] != quote && text[_pos] != '\\')
                    _pos++;
                bytes.AddRange(Encoding.UTF8.GetBytes(text[start.._pos]));
                continue;
            }
            Escape(bytes);
        }
        _pos++;
        return bytes;
    }

    private void Escape(List<byte> bytes)
    {
        var c = text[_pos + 1];
        _pos += 2;
        switch (c)
        {
            case 'n': bytes.Add(10); return;
            case 'r': bytes.Add(13); return;
            case 't': bytes.Add(9); return;
            case 'a': bytes.Add(7); return;
            case 'b': bytes.Add(8); return;
            case 'f': bytes.Add(12); return;
            case 'v': bytes.Add(11); return;
            case 'x':
                var hexStart = _pos;
                while (_pos < text.Length && _pos - hexStart < 2 && char.IsAsciiHexDigit(text[_pos]))
                    _pos++;
                bytes.Add(byte.Parse(text.AsSpan(hexStart, _pos - hexStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                return;
            case 'u' or 'U':
                var length = c == 'u' ? 4 : 8;
                var code = int.Parse(text.AsSpan(_pos, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                _pos += length;
                bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(code)));
                return;
        }
        if (c is >= '0' and <= '7')
        {
            var value = c - '0';
            for (var n = 0; n < 2 && text[_pos] is >= '0' and <= '7'; n++)
                value = (value * 8) + (text[_pos++] - '0');
            bytes.Add((byte)value);
            return;
        }
        bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
    }

    private void Skip()
    {
        while (_pos < text.Length)
        {
            if (char.IsWhiteSpace(text[_pos]))
                _pos++;
            else if (text[_pos] == '#')
            {
                while (_pos < text.Length && text[_pos] != '\n')
                    _pos++;
            }
            else
                return;
        }
    }
}
