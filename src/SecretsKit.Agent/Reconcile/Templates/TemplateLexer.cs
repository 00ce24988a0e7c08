using System.Text;

namespace SecretsKit.Agent.Reconcile.Templates;

internal enum TokenKind { Field, Ident, String, Number, Pipe, LParen, RParen }

internal sealed record Token(TokenKind Kind, string Text);

/// <summary>Splits one action into tokens.</summary>
internal static class TemplateLexer
{
    public static List<Token> Tokenize(string s, string where)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '|') { tokens.Add(new Token(TokenKind.Pipe, "|")); i++; continue; }
            if (c == '(') { tokens.Add(new Token(TokenKind.LParen, "(")); i++; continue; }
            if (c == ')') { tokens.Add(new Token(TokenKind.RParen, ")")); i++; continue; }
            if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        i++;
                        sb.Append(s[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => s[i] });
                    }
                    else sb.Append(s[i]);
                    i++;
                }
                if (i >= s.Length) throw new TemplateException($"{where}: unterminated string literal");
                i++;
                tokens.Add(new Token(TokenKind.String, sb.ToString()));
                continue;
            }
            if (c == '`')
            {
                var end = s.IndexOf('`', i + 1);
                if (end < 0) throw new TemplateException($"{where}: unterminated raw string literal");
                tokens.Add(new Token(TokenKind.String, s[(i + 1)..end]));
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not ('|' or '(' or ')')) i++;
            var word = s[start..i];
            var kind = word.StartsWith('.') ? TokenKind.Field
                : char.IsDigit(word[0]) || (word[0] == '-' && word.Length > 1) ? TokenKind.Number
                : TokenKind.Ident;
            if (kind == TokenKind.Ident && word.StartsWith('$')) throw new TemplateException($"{where}: variables ('{word}') are not supported");
            tokens.Add(new Token(kind, word));
        }
        return tokens;
    }
}
