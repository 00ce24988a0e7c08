using System.Globalization;
using System.Text;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Text;

namespace SecretsKit.Templates.Syntax;

/// <summary>
/// Splits template text into literal text and actions as Go's <c>text/template/parse</c> lexer does: <c>{{- </c> and
/// <c> -}}</c> trim the adjacent whitespace, <c>{{/* … */}}</c> is a comment, and each action becomes tokens.
/// </summary>
internal static class TemplateLexer
{
    public static List<TemplateItem> Split(TemplateSource source)
    {
        var s = source.Text;
        var items = new List<TemplateItem>();
        var pos = 0;
        var trimNext = false;
        while (pos <= s.Length)
        {
            var open = s.IndexOf("{{", pos, StringComparison.Ordinal);
            var textEnd = open < 0 ? s.Length : open;
            var trimLeft = open >= 0 && open + 3 < s.Length && s[open + 2] == '-' && IsSpace(s[open + 3]);
            var start = pos;
            if (trimNext) while (start < textEnd && IsSpace(s[start])) start++;
            var end = textEnd;
            if (trimLeft) while (end > start && IsSpace(s[end - 1])) end--;
            if (end > start) items.Add(new TemplateItem(start, s[start..end], null));
            if (open < 0) break;
            var tokens = new List<TemplateToken>();
            try
            {
                var (comment, next, close, trimRight) = Action(source, trimLeft ? open + 4 : open + 2, open, tokens);
                items.Add(new TemplateItem(open, null, comment ? null : tokens) { Close = close });
                trimNext = trimRight;
                pos = next;
            }
            catch (GoTemplateException e)
            {
                // Go's lexer stops at its first error and the parser reports it when it gets there: an error the parser
                // finds in the tokens before it (an undefined variable, say) is reported instead
                tokens.Add(new TemplateToken(TokenKind.Error, "", tokens.Count > 0 ? tokens[^1].Offset : open, true, e));
                items.Add(new TemplateItem(open, null, tokens));
                break;
            }
        }
        return items;
    }

    private static readonly System.Buffers.SearchValues<char> OctalDigits = System.Buffers.SearchValues.Create("01234567");

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlnum(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>
    /// The tokens of one action starting at <paramref name="i"/> added to <paramref name="tokens"/>: whether it is a comment,
    /// the offset after its <c>}}</c>, where its closing delimiter starts, and its right trim.
    /// </summary>
    private static (bool Comment, int Next, int Close, bool TrimRight) Action(TemplateSource source, int i, int open, List<TemplateToken> tokens)
    {
        var s = source.Text;
        if (s.AsSpan(i).StartsWith("/*"))
        {
            var (next, trim) = Comment(source, i, open);
            return (true, next, next - (trim ? 3 : 2), trim);
        }
        var space = true;
        var parens = 0;
        while (true)
        {
            var before = i;
            while (i < s.Length && IsSpace(s[i])) i++;
            space |= i > before;
            if (i >= s.Length) throw source.ParseError(open, "unclosed action");
            var trim = space && s[i] == '-' && s.AsSpan(i + 1).StartsWith("}}");
            if (trim || s.AsSpan(i).StartsWith("}}"))
            {
                // Go's lexer counts parentheses and refuses the closing delimiter inside one
                if (parens > 0) throw source.ParseError(i, "unclosed left paren");
                return trim ? (false, i + 3, i, true) : (false, i + 2, i, false);
            }
            var (token, next) = Token(source, i, space, open);
            parens += token.Kind switch { TokenKind.LeftParen => 1, TokenKind.RightParen => -1, _ => 0 };
            if (parens < 0) throw source.ParseError(i, "unexpected right paren");
            tokens.Add(token);
            i = next;
            space = false;
        }
    }

    private static (int Next, bool TrimRight) Comment(TemplateSource source, int i, int open)
    {
        var s = source.Text;
        var close = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
        if (close < 0) throw source.ParseError(open, "unclosed comment");
        var j = close + 2;
        if (s.AsSpan(j).StartsWith("}}")) return (j + 2, false);
        if (j + 3 < s.Length + 1 && IsSpace(s[j]) && s.AsSpan(j + 1).StartsWith("-}}")) return (j + 4, true);
        throw source.ParseError(open, "comment ends before closing delimiter");
    }

    private static (TemplateToken Token, int Next) Token(TemplateSource source, int i, bool space, int open)
    {
        var s = source.Text;
        var c = s[i];
        TemplateToken Simple(TokenKind kind, int length) => new(kind, s.Substring(i, length), i, space);
        switch (c)
        {
            case '|': return (Simple(TokenKind.Pipe, 1), i + 1);
            case '(': return (Simple(TokenKind.LeftParen, 1), i + 1);
            case ')': return (Simple(TokenKind.RightParen, 1), i + 1);
            case ',': return (Simple(TokenKind.Comma, 1), i + 1);
            case '=': return (Simple(TokenKind.Assign, 1), i + 1);
            case ':' when i + 1 < s.Length && s[i + 1] == '=': return (Simple(TokenKind.Declare, 2), i + 2);
            case '"' or '`':
                var (value, next) = ReadString(source, i);
                return (new TemplateToken(TokenKind.String, s[i..next], i, space, value), next);
        }
        if (char.IsAsciiDigit(c) || c is '-' or '+' || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
        {
            return Number(source, i, space);
        }
        if (c == '\'') return Char(source, i, space);
        if (c is '.' or '$')
        {
            var j = i + 1;
            while (j < s.Length && IsAlnum(s[j])) j++;
            var kind = c == '$' ? TokenKind.Variable : j == i + 1 ? TokenKind.Dot : TokenKind.Field;
            if (kind != TokenKind.Dot && !AtTerminator(s, j)) throw source.ParseError(j, $"bad character {RuneName(s, j)}");
            return (new TemplateToken(kind, s[i..j], i, space), j);
        }
        if (char.IsLetter(c) || c == '_')
        {
            var j = i + 1;
            while (j < s.Length && IsAlnum(s[j])) j++;
            var word = s[i..j];
            return (word switch
            {
                "true" => new TemplateToken(TokenKind.Bool, word, i, space, true),
                "false" => new TemplateToken(TokenKind.Bool, word, i, space, false),
                "nil" => new TemplateToken(TokenKind.Nil, word, i, space),
                _ => new TemplateToken(TokenKind.Identifier, word, i, space),
            }, j);
        }
        // Go lexes any other printable ASCII character as a token no operand accepts
        if (c < 0x7f && c >= ' ') return (new TemplateToken(TokenKind.Char, c.ToString(), i, space), i + 1);
        throw source.ParseError(i, $"unrecognized character in action: {RuneName(s, i)}");
    }

    /// <summary>Go's <c>lexChar</c>: a character constant, an untyped rune (a number).</summary>
    private static (TemplateToken Token, int Next) Char(TemplateSource source, int i, bool space)
    {
        var s = source.Text;
        var j = i + 1;
        while (j < s.Length && s[j] != '\'')
        {
            if (s[j] == '\\' && j + 1 < s.Length && s[j + 1] != '\n') j++;
            else if (s[j] == '\n') throw source.ParseError(i, "unterminated character constant");
            j++;
        }
        if (j >= s.Length) throw source.ParseError(i, "unterminated character constant");
        var text = s[i..(j + 1)];
        var (rune, error) = TemplateNumber.ParseChar(text);
        if (error is not null) throw source.ParseError(i, error);
        return (new TemplateToken(TokenKind.Number, text, i, space, rune), j + 1);
    }

    /// <summary>Go's lexer: a field or variable name must end at space, <c>. , | : ( )</c> or the closing delimiter.</summary>
    private static bool AtTerminator(string s, int j) =>
        j >= s.Length || IsSpace(s[j]) || s[j] is '.' or ',' or '|' or ':' or ')' or '(' || s.AsSpan(j).StartsWith("}}");

    /// <summary>Go's <c>%#U</c> of the character at <paramref name="j"/>: <c>U+0021 '!'</c>.</summary>
    private static string RuneName(string s, int j)
    {
        var rune = System.Text.Rune.GetRuneAt(s, j);
        return GoFormat.Sprintf("%#U", [(long)rune.Value]);
    }

    private static (TemplateToken Token, int Next) Number(TemplateSource source, int i, bool space)
    {
        var s = source.Text;
        var (end, ok) = TemplateNumber.Scan(s, i);
        if (!ok) throw source.ParseError(i, $"bad number syntax: {GoQuote.Quote(s[i..Math.Min(end, s.Length)], false)}");
        var pair = false;
        if (end < s.Length && s[end] is '+' or '-')
        {
            // a complex constant: 1+2i, no spaces, ending in i
            var (end2, ok2) = TemplateNumber.Scan(s, end);
            if (!ok2 || s[end2 - 1] != 'i') throw source.ParseError(i, $"bad number syntax: {GoQuote.Quote(s[i..Math.Min(end2, s.Length)], false)}");
            (end, pair) = (end2, true);
        }
        var text = s[i..end];
        var (value, error) = TemplateNumber.Parse(text, pair);
        if (error is not null) throw source.ParseError(i, error);
        return (new TemplateToken(TokenKind.Number, text, i, space, value), end);
    }

    private static (string Value, int Next) ReadString(TemplateSource source, int i)
    {
        var s = source.Text;
        var quote = s[i];
        if (quote == '`')
        {
            var close = s.IndexOf('`', i + 1);
            if (close < 0) throw source.ParseError(i, "unterminated raw quoted string");
            return (s[(i + 1)..close], close + 1);
        }
        var bytes = new List<byte>();
        var j = i + 1;
        Span<byte> utf8 = stackalloc byte[4];
        while (j < s.Length && s[j] != '"')
        {
            if (s[j] == '\n') throw source.ParseError(i, "unterminated quoted string");
            if (s[j] != '\\')
            {
                var rune = Rune.GetRuneAt(s, j);
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)].ToArray());
                j += rune.Utf16SequenceLength;
                continue;
            }
            if (++j >= s.Length) break;
            j = Escape(source, s, j, bytes) is var next && next > 0 ? next : throw source.ParseError(i, "invalid syntax");
        }
        if (j >= s.Length) throw source.ParseError(i, "unterminated quoted string");
        return (GoString.FromBytes(bytes.ToArray()), j + 1);
    }

    /// <summary>Go's string escapes (<c>strconv.Unquote</c>): <c>\x</c> and octal give raw bytes; 0 when invalid.</summary>
    private static int Escape(TemplateSource source, string s, int j, List<byte> bytes)
    {
        byte? simple = s[j] switch
        {
            'n' => 10, 't' => 9, 'r' => 13, '\\' => 92, '"' => 34,
            'a' => 7, 'b' => 8, 'f' => 12, 'v' => 11, _ => null,
        };
        if (simple is { } b)
        {
            bytes.Add(b);
            return j + 1;
        }
        if (s[j] is >= '0' and <= '7')
        {
            if (j + 3 > s.Length || s.AsSpan(j, 3).ContainsAnyExcept(OctalDigits)) return 0;
            var octal = (s[j] - '0') * 64 + (s[j + 1] - '0') * 8 + (s[j + 2] - '0');
            if (octal > 255) return 0;
            bytes.Add((byte)octal);
            return j + 3;
        }
        var digits = s[j] switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
        if (digits == 0 || j + digits >= s.Length
            || !int.TryParse(s.AsSpan(j + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            return 0;
        }
        if (s[j] == 'x')
        {
            bytes.Add((byte)code);
        }
        else
        {
            if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) return 0;
            Span<byte> utf8 = stackalloc byte[4];
            bytes.AddRange(utf8[..new Rune(code).EncodeToUtf8(utf8)].ToArray());
        }
        return j + 1 + digits;
    }
}
