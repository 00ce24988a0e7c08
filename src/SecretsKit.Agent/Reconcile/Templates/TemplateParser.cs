using System.Globalization;

namespace SecretsKit.Agent.Reconcile.Templates;

/// <summary>Evaluates a tokenised pipeline directly (no AST): command ('|' command)*, each piping its result as the last argument.</summary>
internal sealed class TemplateParser(List<Token> tokens, IReadOnlyDictionary<string, object?> data, string where)
{
    private int _pos;

    private Token? Peek => _pos < tokens.Count ? tokens[_pos] : null;

    public void ExpectEnd()
    {
        if (Peek is { } t) throw new TemplateException($"{where}: unexpected '{t.Text}'");
    }

    public object? EvaluatePipeline()
    {
        var value = EvaluateCommand(null, false);
        while (Peek is { Kind: TokenKind.Pipe })
        {
            _pos++;
            value = EvaluateCommand(value, true);
        }
        return value;
    }

    private object? EvaluateCommand(object? piped, bool hasPiped)
    {
        var head = Peek ?? throw new TemplateException($"{where}: empty command");
        if (head.Kind == TokenKind.Ident && head.Text is not ("true" or "false" or "nil"))
        {
            _pos++;
            if (head.Text is "if" or "range" or "with" or "define" or "template" or "block" or "end" or "else")
            {
                throw new TemplateException($"{where}: '{head.Text}' is not supported by the secretskit template engine");
            }
            var args = new List<object?>();
            while (Peek is { } t && t.Kind is not (TokenKind.Pipe or TokenKind.RParen)) args.Add(EvaluateOperand());
            if (hasPiped) args.Add(piped);
            return TemplateFunctions.Call(head.Text, args, where);
        }
        var operand = EvaluateOperand();
        if (hasPiped) throw new TemplateException($"{where}: cannot pipe into a non-function");
        if (Peek is { } extra && extra.Kind is not (TokenKind.Pipe or TokenKind.RParen)) throw new TemplateException($"{where}: unexpected '{extra.Text}'");
        return operand;
    }

    private object? EvaluateOperand()
    {
        var t = Peek ?? throw new TemplateException($"{where}: missing operand");
        _pos++;
        switch (t.Kind)
        {
            case TokenKind.String:
                return t.Text;
            case TokenKind.Number:
                return long.TryParse(t.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
                    : double.Parse(t.Text, CultureInfo.InvariantCulture);
            case TokenKind.Field:
                return Field(t.Text);
            case TokenKind.LParen:
                var value = EvaluatePipeline();
                if (Peek is not { Kind: TokenKind.RParen }) throw new TemplateException($"{where}: missing ')'");
                _pos++;
                return value;
            case TokenKind.Ident when t.Text is "true" or "false":
                return t.Text == "true";
            case TokenKind.Ident when t.Text == "nil":
                return null;
            case TokenKind.Ident:
                // a function used as an argument without parentheses, with no arguments
                return TemplateFunctions.Call(t.Text, [], where);
            default:
                throw new TemplateException($"{where}: unexpected '{t.Text}'");
        }
    }

    private object? Field(string path)
    {
        object? current = data;
        if (path == ".") return current;
        foreach (var part in path[1..].Split('.'))
        {
            current = current is IReadOnlyDictionary<string, object?> map
                ? map.TryGetValue(part, out var v) ? v : null
                : throw new TemplateException($"{where}: cannot access field '{part}' of a non-map");
        }
        return current;
    }
}
