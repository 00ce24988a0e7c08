using System.Globalization;

namespace SecretsKit.Cel.Syntax;

/// <summary>Splits CEL source into tokens (cel-spec langdef, lexical structure): numbers, strings and bytes with
/// every quoting and escape form, identifiers, punctuation; <c>//</c> comments and whitespace are skipped.</summary>
internal sealed class Lexer(string source)
{
    private static readonly string[] Punctuation =
    [
        "==", "!=", "<=", ">=", "&&", "||", "[?", ".?", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",",
        "(", ")", "[", "]", "{", "}",
    ];

    private int _pos;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>(Math.Min(source.Length, 4096) / 3 + 2); // rules have about one token per three to four characters: rarely regrown
        while (true)
        {
            SkipSpaceAndComments();
            if (_pos >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", null, _pos));
                return tokens;
            }
            tokens.Add(Next());
        }
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < source.Length)
        {
            var c = source[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
                _pos++;
            else if (c == '/' && _pos + 1 < source.Length && source[_pos + 1] == '/')
            {
                while (_pos < source.Length && source[_pos] != '\n')
                    _pos++;
            }
            else
                return;
        }
    }

    private Token Next()
    {
        var start = _pos;
        var c = source[_pos];
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < source.Length && char.IsAsciiDigit(source[_pos + 1])))
            return Number(start);
        if (c is '"' or '\'')
            return Quoted(start, raw: false, bytes: false);
        if (c == '`')
        {
            var end = source.IndexOf('`', _pos + 1);
            if (end < 0 || end == _pos + 1 || source.AsSpan(_pos + 1, end - _pos - 1).ContainsAny('\n', '\r'))
                throw Error(start, "unterminated quoted identifier");
            _pos = end + 1;
            return new Token(TokenKind.QuotedIdent, source[(start + 1)..end], null, start);
        }
        if (char.IsAsciiLetter(c) || c == '_')
            return IdentOrPrefixedString(start);
        foreach (var p in Punctuation)
        {
            if (p[0] == c && (p.Length == 1 || (_pos + 1 < source.Length && source[_pos + 1] == p[1])))
            {
                _pos += p.Length;
                return new Token(TokenKind.Punct, p, null, start);
            }
        }
        throw Error(start, $"unexpected character '{c}'");
    }

    private Token IdentOrPrefixedString(int start)
    {
        while (_pos < source.Length && (char.IsAsciiLetterOrDigit(source[_pos]) || source[_pos] == '_'))
            _pos++;
        var word = source[start.._pos];
        if (_pos < source.Length && source[_pos] is '"' or '\'' && word.Length <= 2)
        {
            var lower = word.ToLowerInvariant();
            if (lower is "r" or "b" or "rb" or "br")
                return Quoted(start, raw: lower.Contains('r', StringComparison.Ordinal), bytes: lower.Contains('b', StringComparison.Ordinal));
        }
        return new Token(TokenKind.Ident, word, null, start);
    }

    private Token Quoted(int start, bool raw, bool bytes)
    {
        var quote = source[_pos];
        var triple = _pos + 2 < source.Length && source[_pos + 1] == quote && source[_pos + 2] == quote;
        var delimiter = new string(quote, triple ? 3 : 1);
        _pos += delimiter.Length;
        var bodyStart = _pos;
        while (true)
        {
            if (_pos >= source.Length)
                throw Error(start, "unterminated string literal");
            var c = source[_pos];
            if (c == '\\' && !raw)
            {
                _pos += 2;
                continue;
            }
            if (c == '\\' && raw && _pos + 1 < source.Length && source[_pos + 1] == quote && !triple)
            {
                _pos += 2;
                continue;
            }
            if (!triple && c is '\n' or '\r')
                throw Error(start, "newline in string literal");
            if (string.CompareOrdinal(source, _pos, delimiter, 0, delimiter.Length) == 0)
                break;
            _pos++;
        }
        var body = source[bodyStart.._pos];
        _pos += delimiter.Length;
        try
        {
            return bytes
                ? new Token(TokenKind.Bytes, body, LiteralDecoder.DecodeBytes(body, raw), start)
                : new Token(TokenKind.String, body, LiteralDecoder.DecodeString(body, raw), start);
        }
        catch (FormatException e)
        {
            throw Error(start, e.Message);
        }
    }

    private Token Number(int start)
    {
        if (source[_pos] == '0' && _pos + 1 < source.Length && source[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            var digitsStart = _pos;
            while (_pos < source.Length && char.IsAsciiHexDigit(source[_pos]))
                _pos++;
            if (_pos == digitsStart)
                throw Error(start, "invalid hex literal");
            return IntegerToken(start, source[digitsStart.._pos], NumberStyles.AllowHexSpecifier);
        }
        SkipDigits();
        var isDouble = false;
        if (_pos + 1 < source.Length && source[_pos] == '.' && char.IsAsciiDigit(source[_pos + 1]))
        {
            isDouble = true;
            _pos++;
            SkipDigits();
        }
        if (_pos < source.Length && source[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < source.Length && source[_pos] is '+' or '-')
                _pos++;
            if (_pos < source.Length && char.IsAsciiDigit(source[_pos]))
            {
                isDouble = true;
                SkipDigits();
            }
            else
                _pos = save;
        }
        var text = source[start.._pos];
        if (!isDouble)
            return IntegerToken(start, text, NumberStyles.None);
        return new Token(TokenKind.Double, text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), start);
    }

    private Token IntegerToken(int start, string digits, NumberStyles style)
    {
        var unsigned = _pos < source.Length && source[_pos] is 'u' or 'U';
        if (unsigned)
            _pos++;
        if (!ulong.TryParse(digits, style, CultureInfo.InvariantCulture, out var value))
            throw Error(start, "integer literal out of range");
        if (unsigned)
            return new Token(TokenKind.UInt, source[start.._pos], value, start);
        // int64's minimum is only reachable through negation, which the parser folds into the literal.
        if (value > (ulong)long.MaxValue + 1)
            throw Error(start, "integer literal out of range");
        return new Token(TokenKind.Int, source[start.._pos], value, start);
    }

    private void SkipDigits()
    {
        while (_pos < source.Length && char.IsAsciiDigit(source[_pos]))
            _pos++;
    }

    private CelSyntaxException Error(int position, string message) => SyntaxErrors.At(source, position, message);
}
