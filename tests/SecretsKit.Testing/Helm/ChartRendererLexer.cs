using System.Globalization;
using System.Text;

namespace SecretsKit.Testing.Helm;

internal enum TokenKind { String, Number, Bool, Nil, Ident, Field, Variable, Dot, Pipe, LParen, RParen, Declare, Assign, Comma }

internal sealed record Token(TokenKind Kind, string Text, object? Value = null);

/// <summary>One piece of a template: literal text, or the tokens of one <c>{{ action }}</c>.</summary>
internal sealed record TemplatePiece(string? Text, IReadOnlyList<Token>? Action, int Line);

/// <summary>
/// Splits Go-template text into text and actions, applying <c>{{-</c>/<c>-}}</c> whitespace trimming and dropping
/// <c>{{/* comments */}}</c>, and tokenizes each action.
/// </summary>
internal static class ChartRendererLexer
{
    public static List<TemplatePiece> Split(string source, string file)
    {
        var pieces = new List<TemplatePiece>();
        var pos = 0;
        var trimNext = false;
        while (pos <= source.Length)
        {
            var open = source.IndexOf("{{", pos, StringComparison.Ordinal);
            var text = open < 0 ? source[pos..] : source[pos..open];
            if (trimNext) text = text.TrimStart(' ', '\t', '\r', '\n');
            var trimLeft = open >= 0 && open + 3 < source.Length && source[open + 2] == '-' && IsSpace(source[open + 3]);
            if (trimLeft) text = text.TrimEnd(' ', '\t', '\r', '\n');
            if (text.Length > 0) pieces.Add(new TemplatePiece(text, null, LineOf(source, pos)));
            if (open < 0) break;
            var start = open + (trimLeft ? 3 : 2);
            var line = LineOf(source, open);
            var (tokens, end, trimRight) = Tokenize(source, start, file, line);
            if (tokens is not null) pieces.Add(new TemplatePiece(null, tokens, line));
            trimNext = trimRight;
            pos = end;
        }
        return pieces;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int LineOf(string s, int index) => s.AsSpan(0, Math.Min(index, s.Length)).Count('\n') + 1;

    /// <summary>Tokens up to the closing <c>}}</c>; null tokens for a comment. Returns the index after <c>}}</c>.</summary>
    private static (List<Token>? Tokens, int End, bool TrimRight) Tokenize(string s, int i, string file, int line)
    {
        ChartRendererException Error(string what) => new($"{file}:{line}: {what}");
        while (i < s.Length && IsSpace(s[i])) i++;
        if (s.AsSpan(i).StartsWith("/*"))
        {
            var close = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
            if (close < 0) throw Error("unclosed comment");
            var j = close + 2;
            while (j < s.Length && IsSpace(s[j])) j++;
            var trim = false;
            if (j < s.Length && s[j] == '-' && j > close + 2) { trim = true; j++; }
            if (!s.AsSpan(j).StartsWith("}}")) throw Error("comment must be followed by }}");
            return (null, j + 2, trim);
        }
        var tokens = new List<Token>();
        while (true)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
            if (i >= s.Length) throw Error("unclosed action");
            if (s[i] == '-' && i + 3 <= s.Length && s.AsSpan(i + 1).StartsWith("}}") && IsSpace(s[i - 1])) return (tokens, i + 3, true);
            if (s.AsSpan(i).StartsWith("}}")) return (tokens, i + 2, false);
            var c = s[i];
            if (c == '"' || c == '`')
            {
                var (value, next) = ReadString(s, i, Error);
                tokens.Add(new Token(TokenKind.String, s[i..next], value));
                i = next;
            }
            else if (c == '|') { tokens.Add(new Token(TokenKind.Pipe, "|")); i++; }
            else if (c == '(') { tokens.Add(new Token(TokenKind.LParen, "(")); i++; }
            else if (c == ')') { tokens.Add(new Token(TokenKind.RParen, ")")); i++; }
            else if (c == ',') { tokens.Add(new Token(TokenKind.Comma, ",")); i++; }
            else if (c == ':' && i + 1 < s.Length && s[i + 1] == '=') { tokens.Add(new Token(TokenKind.Declare, ":=")); i += 2; }
            else if (c == '=') { tokens.Add(new Token(TokenKind.Assign, "=")); i++; }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < s.Length && char.IsDigit(s[i + 1])))
            {
                var j = i + 1;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] is '.' or '_')) j++;
                tokens.Add(new Token(TokenKind.Number, s[i..j], ParseNumber(s[i..j], Error)));
                i = j;
            }
            else if (c is '.' or '$')
            {
                if (c == '.' && s[i - 1] == ')') throw Error("field access on a parenthesized pipeline is not supported");
                var j = i + 1;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] is '_' or '.')) j++;
                var text = s[i..j];
                tokens.Add(text == "." ? new Token(TokenKind.Dot, ".") : new Token(c == '$' ? TokenKind.Variable : TokenKind.Field, text));
                i = j;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var j = i + 1;
                while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
                var word = s[i..j];
                tokens.Add(word switch
                {
                    "true" => new Token(TokenKind.Bool, word, true),
                    "false" => new Token(TokenKind.Bool, word, false),
                    "nil" => new Token(TokenKind.Nil, word),
                    _ => new Token(TokenKind.Ident, word),
                });
                i = j;
            }
            else throw Error($"unexpected character '{c}' in action");
        }
    }

    private static object ParseNumber(string text, Func<string, ChartRendererException> error)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw error($"bad number syntax: {text}");
    }

    private static (string Value, int Next) ReadString(string s, int i, Func<string, ChartRendererException> error)
    {
        var quote = s[i];
        var sb = new StringBuilder();
        var j = i + 1;
        while (j < s.Length && s[j] != quote)
        {
            if (quote == '"' && s[j] == '\\' && j + 1 < s.Length)
            {
                j++;
                sb.Append(s[j] switch
                {
                    'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '"' => '"', '\'' => '\'',
                    _ => throw error($"unsupported escape \\{s[j]} in string"),
                });
            }
            else
            {
                if (quote == '"' && s[j] == '\n') throw error("newline in string");
                sb.Append(s[j]);
            }
            j++;
        }
        if (j >= s.Length) throw error("unterminated string");
        return (sb.ToString(), j + 1);
    }
}
