namespace SecretsKit.Testing.Helm;

/// <summary>Builds the node tree of one template file; <c>define</c> blocks go into the shared definitions.</summary>
internal sealed class ChartRendererParser
{
    private static readonly HashSet<string> Keywords = ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"];
    private readonly List<TemplatePiece> _pieces;
    private readonly string _file;
    private readonly Dictionary<string, IReadOnlyList<TemplateNode>> _defines;
    private readonly Func<string, bool> _isFunction;
    private int _pos;

    private ChartRendererParser(List<TemplatePiece> pieces, string file, Dictionary<string, IReadOnlyList<TemplateNode>> defines, Func<string, bool> isFunction)
    {
        _pieces = pieces;
        _file = file;
        _defines = defines;
        _isFunction = isFunction;
    }

    public static IReadOnlyList<TemplateNode> Parse(string source, string file, Dictionary<string, IReadOnlyList<TemplateNode>> defines, Func<string, bool> isFunction)
    {
        var parser = new ChartRendererParser(ChartRendererLexer.Split(source, file), file, defines, isFunction);
        var (nodes, stop) = parser.ParseList();
        if (stop is not null) throw parser.Error(stop.Line, $"unexpected {{{{{stop.Action![0].Text}}}}}");
        return nodes;
    }

    private ChartRendererException Error(int line, string what) => new($"{_file}:{line}: {what}");

    /// <summary>Nodes until an <c>else</c> or <c>end</c> action (returned) or the end of input (null).</summary>
    private (List<TemplateNode> Nodes, TemplatePiece? Stop) ParseList()
    {
        var nodes = new List<TemplateNode>();
        while (_pos < _pieces.Count)
        {
            var piece = _pieces[_pos++];
            if (piece.Text is not null)
            {
                nodes.Add(new TextNode(piece.Text, piece.Line));
                continue;
            }
            var tokens = piece.Action!;
            if (tokens.Count == 0) throw Error(piece.Line, "empty action");
            var head = tokens[0].Kind == TokenKind.Ident && Keywords.Contains(tokens[0].Text) ? tokens[0].Text : null;
            switch (head)
            {
                case "else" or "end":
                    return (nodes, piece);
                case "if":
                    nodes.Add(ParseIf(tokens.Skip(1).ToList(), piece.Line));
                    break;
                case "with":
                {
                    var value = ParsePipeline(tokens.Skip(1).ToList(), piece.Line);
                    var (then, other) = ParseBody("with", piece.Line, allowElseChain: false);
                    nodes.Add(new WithNode(value, then, other, piece.Line));
                    break;
                }
                case "range":
                {
                    var source = ParsePipeline(tokens.Skip(1).ToList(), piece.Line);
                    var (body, other) = ParseBody("range", piece.Line, allowElseChain: false);
                    nodes.Add(new RangeNode(source, body, other, piece.Line));
                    break;
                }
                case "define":
                {
                    if (tokens.Count != 2 || tokens[1].Kind != TokenKind.String) throw Error(piece.Line, "define needs one quoted name");
                    var (body, stop) = ParseList();
                    if (stop is null || stop.Action![0].Text != "end" || stop.Action.Count != 1) throw Error(piece.Line, "define without {{end}}");
                    _defines[(string)tokens[1].Value!] = body;
                    break;
                }
                case "template":
                {
                    if (tokens.Count < 2 || tokens[1].Kind != TokenKind.String) throw Error(piece.Line, "template needs a quoted name");
                    var data = tokens.Count > 2 ? ParsePipeline(tokens.Skip(2).ToList(), piece.Line) : null;
                    nodes.Add(new TemplateCallNode((string)tokens[1].Value!, data, piece.Line));
                    break;
                }
                case not null:
                    throw Error(piece.Line, $"'{head}' is not supported by ChartRenderer");
                default:
                    nodes.Add(new ActionNode(ParsePipeline([.. tokens], piece.Line), piece.Line));
                    break;
            }
        }
        return (nodes, null);
    }

    private IfNode ParseIf(List<Token> condition, int line)
    {
        var cond = ParsePipeline(condition, line);
        var (then, other) = ParseBody("if", line, allowElseChain: true);
        return new IfNode(cond, then, other, line);
    }

    /// <summary>Body of if/with/range up to its end; an <c>else if</c> becomes a nested if sharing that end.</summary>
    private (List<TemplateNode> Then, List<TemplateNode>? Else) ParseBody(string keyword, int line, bool allowElseChain)
    {
        var (then, stop) = ParseList();
        if (stop is null) throw Error(line, $"{keyword} without {{{{end}}}}");
        var tokens = stop.Action!;
        if (tokens[0].Text == "end")
        {
            if (tokens.Count != 1) throw Error(stop.Line, "end takes no arguments");
            return (then, null);
        }
        if (tokens.Count > 1)
        {
            if (!allowElseChain || tokens[1].Text != "if") throw Error(stop.Line, $"'else {tokens[1].Text}' is not supported in {keyword}");
            return (then, [ParseIf(tokens.Skip(2).ToList(), stop.Line)]);
        }
        var (other, end) = ParseList();
        if (end is null || end.Action![0].Text != "end") throw Error(line, $"{keyword} else without {{{{end}}}}");
        return (then, other);
    }

    private Pipeline ParsePipeline(List<Token> tokens, int line)
    {
        var i = 0;
        var variables = new List<string>();
        var isAssign = false;
        var declEnd = tokens.FindIndex(t => t.Kind is TokenKind.Declare or TokenKind.Assign);
        if (declEnd > 0 && tokens.Take(declEnd).All(t => t.Kind is TokenKind.Variable or TokenKind.Comma))
        {
            variables.AddRange(tokens.Take(declEnd).Where(t => t.Kind == TokenKind.Variable).Select(t => t.Text));
            isAssign = tokens[declEnd].Kind == TokenKind.Assign;
            i = declEnd + 1;
        }
        var pipeline = ParseCommands(tokens, ref i, line, nested: false);
        if (i != tokens.Count) throw Error(line, $"unexpected '{tokens[i].Text}'");
        return pipeline with { Variables = variables, IsAssign = isAssign };
    }

    private Pipeline ParseCommands(List<Token> tokens, ref int i, int line, bool nested)
    {
        var commands = new List<Command>();
        var args = new List<Operand>();
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.RParen)
            {
                if (!nested) throw Error(line, "unexpected ')'");
                break;
            }
            i++;
            switch (t.Kind)
            {
                case TokenKind.Pipe:
                    if (args.Count == 0) throw Error(line, "missing command before '|'");
                    commands.Add(new Command(args));
                    args = [];
                    break;
                case TokenKind.String or TokenKind.Number or TokenKind.Bool:
                    args.Add(new LiteralOperand(t.Value));
                    break;
                case TokenKind.Nil:
                    args.Add(new LiteralOperand(null));
                    break;
                case TokenKind.Dot:
                    args.Add(new FieldOperand([]));
                    break;
                case TokenKind.Field:
                    args.Add(new FieldOperand(t.Text[1..].Split('.')));
                    break;
                case TokenKind.Variable:
                {
                    var parts = t.Text.Split('.');
                    args.Add(new VariableOperand(parts[0], parts[1..]));
                    break;
                }
                case TokenKind.Ident:
                    if (!_isFunction(t.Text)) throw Error(line, $"function \"{t.Text}\" not defined (ChartRenderer does not implement it)");
                    args.Add(new FunctionOperand(t.Text));
                    break;
                case TokenKind.LParen:
                {
                    var inner = ParseCommands(tokens, ref i, line, nested: true);
                    if (i >= tokens.Count || tokens[i].Kind != TokenKind.RParen) throw Error(line, "unclosed '('");
                    i++;
                    args.Add(new SubPipelineOperand(inner));
                    break;
                }
                default:
                    throw Error(line, $"unexpected '{t.Text}'");
            }
        }
        if (args.Count == 0) throw Error(line, "missing value for command");
        commands.Add(new Command(args));
        return new Pipeline([], false, commands);
    }
}
