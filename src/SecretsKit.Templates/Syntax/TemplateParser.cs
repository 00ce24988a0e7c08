using SecretsKit.Go.Fmt;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Templates.Syntax;

/// <summary>
/// Builds the node tree of one template as Go's <c>text/template/parse</c> does: control structures with
/// <c>else</c>/<c>else if</c>/<c>else with</c>, <c>define</c>/<c>block</c> into the shared definitions, and every function
/// name checked against the function set at parse time.
/// </summary>
internal sealed class TemplateParser
{
    private readonly TemplateSource _source;
    private readonly List<TemplateItem> _items;
    private readonly Dictionary<string, DefinedTemplate> _defines;
    private readonly Func<string, bool> _isFunction;
    private int _pos;
    private int _rangeDepth;
    private int _depth;
    private int _close;
    private string _context = "command";
    private List<string> _vars = ["$"];

    /// <summary>
    /// Deepest nesting of control structures and parentheses. Go 1.19 has no limit (Go 1.20 stops parentheses at
    /// 10,000 with this message); SecretsKit's stack is smaller, so a budget ends hostile nesting with a clear error.
    /// </summary>
    public const int MaxDepth = 1_000;

    private void Enter(int offset)
    {
        if (++_depth > MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw _source.ParseError(offset, "max expression depth exceeded");
        }
    }

    private int EndOffset => _source.Text.Length;

    /// <summary>Go's way of naming a token in a message: keywords and dot as &lt;x&gt;, others quoted (at most 10 characters).</summary>
    private static string Describe(TemplateToken t) => t.Kind switch
    {
        TokenKind.Dot or TokenKind.Nil => $"<{t.Text}>",
        TokenKind.Identifier when t.Text is "if" or "else" or "end" or "range" or "with" or "define" or "template" or "block" or "break" or "continue" => $"<{t.Text}>",
        _ => GoFormat.Sprintf(t.Text.Length > 10 ? "%.10q..." : "%q", [t.Text]),
    };

    /// <summary>The lexing error a <see cref="TokenKind.Error"/> token carries (Go reports it wherever the parser meets it).</summary>
    private static GoTemplateException? LexError(TemplateToken token) => token.Kind == TokenKind.Error ? (GoTemplateException)token.Value! : null;

    private TemplateParser(TemplateSource source, Dictionary<string, DefinedTemplate> defines, Func<string, bool> isFunction)
    {
        _source = source;
        _items = TemplateLexer.Split(source);
        _defines = defines;
        _isFunction = isFunction;
    }

    public static IReadOnlyList<TemplateNode> Parse(TemplateSource source, Dictionary<string, DefinedTemplate> defines, Func<string, bool> isFunction)
    {
        var parser = new TemplateParser(source, defines, isFunction);
        var (nodes, stop) = parser.ParseList();
        if (stop is not null) throw source.ParseError(stop.Offset, $"unexpected {{{{{stop.Tokens![0].Text}}}}}");
        // the lexer stopped at an error the parse did not reach: it is still the template's error
        if (parser._items.Count > 0 && parser._items[^1].Tokens is [.., { Kind: TokenKind.Error } failed]) throw LexError(failed)!;
        return nodes;
    }

    private static string? Keyword(IReadOnlyList<TemplateToken> tokens) =>
        tokens.Count > 0 && tokens[0].Kind == TokenKind.Identifier
        && tokens[0].Text is "if" or "else" or "end" or "range" or "with" or "define" or "template" or "block" or "break" or "continue"
            ? tokens[0].Text
            : null;

    /// <summary>Nodes until an <c>else</c> or <c>end</c> action (returned) or the end of input (null).</summary>
    private (List<TemplateNode> Nodes, TemplateItem? Stop) ParseList()
    {
        var nodes = new List<TemplateNode>();
        while (_pos < _items.Count)
        {
            var item = _items[_pos++];
            if (item.Text is not null)
            {
                nodes.Add(new TextNode(item.Offset, item.Text));
                continue;
            }
            if (item.Tokens is not { } tokens) continue;
            _close = item.Close;
            // Go reports an empty action when it reads the closing delimiter: on that line
            if (tokens.Count == 0) throw _source.ParseError(item.Close, "missing value for command");
            var rest = tokens.Skip(1).ToList();
            switch (Keyword(tokens))
            {
                case "else" or "end":
                    return (nodes, item);
                case "if" or "with":
                {
                    Enter(item.Offset);
                    var mark = _vars.Count;
                    nodes.Add(ParseBranch(tokens[0].Text == "with", rest, item.Offset));
                    _vars.RemoveRange(mark, _vars.Count - mark);
                    _depth--;
                    break;
                }
                case "range":
                {
                    Enter(item.Offset);
                    var mark = _vars.Count;
                    nodes.Add(ParseRange(rest, item.Offset));
                    _vars.RemoveRange(mark, _vars.Count - mark);
                    _depth--;
                    break;
                }
                case "define":
                    ParseDefine(rest, item.Offset);
                    break;
                case "template" or "block":
                    nodes.Add(ParseTemplateCall(tokens[0].Text == "block", rest, item.Offset));
                    break;
                case "break" or "continue":
                    if (_rangeDepth == 0) throw _source.ParseError(item.Offset, $"{{{{{tokens[0].Text}}}}} outside {{{{range}}}}");
                    if (rest.Count > 0) throw LexError(rest[0]) ?? _source.ParseError(item.Offset, $"unexpected \"{rest[0].Text}\" in {tokens[0].Text}");
                    nodes.Add(new LoopControlNode(item.Offset, tokens[0].Text == "break"));
                    break;
                default:
                    nodes.Add(new ActionNode(item.Offset, ParsePipeline([.. tokens], item.Offset, "command")));
                    break;
            }
        }
        return (nodes, null);
    }

    private BranchNode ParseBranch(bool isWith, List<TemplateToken> condition, int offset)
    {
        var keyword = isWith ? "with" : "if";
        var cond = ParsePipeline(condition, offset, keyword);
        var (then, stop) = ParseList();
        if (stop is null) throw _source.ParseError(EndOffset, "unexpected EOF");
        var tokens = stop.Tokens!;
        if (tokens[0].Text == "end")
        {
            ExpectBareEnd(stop);
            return new BranchNode(offset, isWith, cond, then, null);
        }
        if (tokens.Count > 1)
        {
            // else if in an if, else with in a with (Go 1.23): a nested branch that shares this branch's {{end}}
            if (ChainedKeyword(stop) != keyword) throw ElseError(stop);
            Enter(stop.Offset);
            var nested = ParseBranch(isWith, tokens.Skip(2).ToList(), stop.Offset);
            _depth--;
            return new BranchNode(offset, isWith, cond, then, [nested]);
        }
        var (other, end) = ParseList();
        if (end is null) throw _source.ParseError(EndOffset, "unexpected EOF");
        if (end.Tokens![0].Text != "end") throw _source.ParseError(end.Offset, "expected end; found {{else}}");
        ExpectBareEnd(end);
        return new BranchNode(offset, isWith, cond, then, other);
    }

    private RangeNode ParseRange(List<TemplateToken> tokens, int offset)
    {
        var source = ParsePipeline(tokens, offset, "range");

        _rangeDepth++;
        var (body, stop) = ParseList();
        _rangeDepth--;
        if (stop is null) throw _source.ParseError(EndOffset, "unexpected EOF");
        if (stop.Tokens![0].Text == "end")
        {
            ExpectBareEnd(stop);
            return new RangeNode(offset, source, body, null);
        }
        if (stop.Tokens.Count > 1) throw ElseError(stop);
        var (other, end) = ParseList();
        if (end is null) throw _source.ParseError(EndOffset, "unexpected EOF");
        if (end.Tokens![0].Text != "end") throw _source.ParseError(end.Offset, "expected end; found {{else}}");
        ExpectBareEnd(end);
        return new RangeNode(offset, source, body, other);
    }

    /// <summary>The <c>if</c> or <c>with</c> right after an <c>else</c>, or null.</summary>
    private static string? ChainedKeyword(TemplateItem stop) =>
        stop.Tokens![1] is { Kind: TokenKind.Identifier, Text: "if" or "with" } chained ? chained.Text : null;

    /// <summary>
    /// What Go 1.23 reports for an <c>else</c> followed by something it cannot chain: an <c>if</c> or <c>with</c> it
    /// leaves pending, which the list after the <c>else</c> then meets as unexpected input; anything else in the action.
    /// </summary>
    private GoTemplateException ElseError(TemplateItem stop)
    {
        var next = stop.Tokens![1];
        return LexError(next) ?? (ChainedKeyword(stop) is not null
            ? _source.ParseError(next.Offset, $"unexpected {Describe(next)} in input")
            : _source.ParseError(stop.Offset, $"unexpected {Describe(next)} in else"));
    }

    private void ExpectBareEnd(TemplateItem end)
    {
        if (end.Tokens!.Count > 1) throw LexError(end.Tokens[1]) ?? _source.ParseError(end.Offset, $"unexpected {Describe(end.Tokens[1])} in end");
    }

    private void ParseDefine(List<TemplateToken> tokens, int offset)
    {
        if (tokens.Count == 0 || tokens[0].Kind != TokenKind.String) throw (tokens.Count > 0 ? LexError(tokens[0]) : null) ?? _source.ParseError(offset, tokens.Count == 0 ? "unexpected <}}> in define clause" : $"unexpected {Describe(tokens[0])} in define clause");
        if (tokens.Count > 1) throw LexError(tokens[1]) ?? _source.ParseError(offset, $"unexpected {Describe(tokens[1])} in define clause");
        var saved = _vars;
        _vars = ["$"];
        var (body, stop) = ParseList();
        _vars = saved;
        if (stop is null) throw _source.ParseError(EndOffset, "unexpected EOF");
        if (stop.Tokens![0].Text != "end") throw _source.ParseError(stop.Offset, "unexpected {{else}}");
        ExpectBareEnd(stop);
        _defines[(string)tokens[0].Value!] = new DefinedTemplate((string)tokens[0].Value!, _source, body);
    }

    private TemplateCallNode ParseTemplateCall(bool isBlock, List<TemplateToken> tokens, int offset)
    {
        var keyword = isBlock ? "block" : "template";
        var clause = isBlock ? "block clause" : "template clause";
        if (tokens.Count == 0 || tokens[0].Kind != TokenKind.String) throw (tokens.Count > 0 ? LexError(tokens[0]) : null) ?? _source.ParseError(offset, tokens.Count == 0 ? $"unexpected \"}}}}\" in {clause}" : $"unexpected {Describe(tokens[0])} in {clause}");
        var name = (string)tokens[0].Value!;
        if (isBlock && tokens.Count == 1) throw _source.ParseError(offset, "missing value for block clause");
        var data = tokens.Count > 1 ? ParsePipeline(tokens.Skip(1).ToList(), offset, keyword) : null;
        if (isBlock)
        {
            var (body, stop) = ParseList();
            if (stop is null) throw _source.ParseError(EndOffset, "unexpected EOF");
            if (stop.Tokens![0].Text != "end") throw _source.ParseError(stop.Offset, "unexpected {{else}}");
            ExpectBareEnd(stop);
            _defines.TryAdd(name, new DefinedTemplate(name, _source, body));
        }
        // Go locates a {{template}} node at its name
        return new TemplateCallNode(tokens[0].Offset, name, data);
    }

    private Pipeline ParsePipeline(List<TemplateToken> tokens, int offset, string context)
    {
        if (tokens.Count == 0) throw _source.ParseError(Math.Max(offset, _close), $"missing value for {context}");
        var i = 0;
        var variables = new List<string>();
        var isAssign = false;
        var decl = tokens.FindIndex(t => t.Kind is TokenKind.Declare or TokenKind.Assign);
        if (decl > 0 && tokens.Take(decl).All(t => t.Kind is TokenKind.Variable or TokenKind.Comma))
        {
            variables.AddRange(tokens.Take(decl).Where(t => t.Kind == TokenKind.Variable).Select(t => t.Text));
            isAssign = tokens[decl].Kind == TokenKind.Assign;
            if (variables.Count > 1 && context != "range") throw _source.ParseError(tokens[0].Offset, $"too many declarations in {context}");
            if (variables.Count > 2) throw _source.ParseError(tokens[0].Offset, "too many declarations in range");
            _vars.AddRange(variables);
            i = decl + 1;
        }
        _context = context;
        var pipeline = ParseCommands(tokens, ref i, nested: false);
        for (var k = 1; k < pipeline.Commands.Count; k++)
        {
            if (pipeline.Commands[k].Args[0] is LiteralOperand or NilOperand or FieldOperand { Chain.Count: 0 })
            {
                throw _source.ParseError(pipeline.Commands[k].Offset, $"non executable command in pipeline stage {k + 1}");
            }
        }
        if (i != tokens.Count) throw LexError(tokens[i]) ?? _source.ParseError(tokens[i].Offset, $"unexpected {Describe(tokens[i])} in {context}");
        return pipeline with { Variables = variables, IsAssign = isAssign };
    }

    private Pipeline ParseCommands(List<TemplateToken> tokens, ref int i, bool nested)
    {
        var start = i < tokens.Count ? tokens[i].Offset : 0;
        var commands = new List<Command>();
        var args = new List<Operand>();
        var commandStart = i;
        while (i < tokens.Count && tokens[i].Kind != TokenKind.RightParen)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Pipe)
            {
                if (args.Count == 0) throw _source.ParseError(t.Offset, "missing value for command");
                commands.Add(NewCommand(tokens, commandStart, i, args));
                args = [];
                commandStart = ++i;
                continue;
            }
            if (t.Kind == TokenKind.Char && args.Count == 0) throw LexError(t) ?? _source.ParseError(t.Offset, $"unexpected {Describe(t)} in {(nested ? "parenthesized pipeline" : _context)}");
            args.Add(ParseOperand(tokens, ref i));
            if (i < tokens.Count && !tokens[i].SpaceBefore && tokens[i].Kind is not (TokenKind.Pipe or TokenKind.RightParen))
            {
                throw LexError(tokens[i]) ?? _source.ParseError(tokens[i].Offset, $"unexpected {Describe(tokens[i])} in operand");
            }
        }
        if (i < tokens.Count && !nested) throw _source.ParseError(tokens[i].Offset, $"unexpected \")\" in {_context}");
        if (args.Count == 0) throw _source.ParseError(i < tokens.Count ? tokens[i].Offset : start, nested && commands.Count == 0 ? "missing value for parenthesized pipeline" : "missing value for command");
        commands.Add(NewCommand(tokens, commandStart, i, args));
        return new Pipeline(start, [], false, commands);
    }

    private Command NewCommand(List<TemplateToken> tokens, int from, int to, List<Operand> args) =>
        new(tokens[from].Offset, Span(tokens, from, to), args);

    private string Span(List<TemplateToken> tokens, int from, int to)
    {
        var last = tokens[to - 1];
        return _source.Text[tokens[from].Offset..(last.Offset + last.Text.Length)];
    }

    private Operand ParseOperand(List<TemplateToken> tokens, ref int i)
    {
        var t = tokens[i++];
        switch (t.Kind)
        {
            case TokenKind.String or TokenKind.Number or TokenKind.Bool:
                NoFieldAfter(tokens, i, t);
                return new LiteralOperand(t.Offset, t.Text, t.Value);
            case TokenKind.Nil:
                NoFieldAfter(tokens, i, t);
                return new NilOperand(t.Offset);
            case TokenKind.Dot:
                NoFieldAfter(tokens, i, t);
                return new FieldOperand(t.Offset, ".", []);
            case TokenKind.Field:
            {
                var chain = Chain(tokens, ref i, [t.Text[1..]]);
                return new FieldOperand(t.Offset, "." + string.Join('.', chain), chain);
            }
            case TokenKind.Variable:
            {
                if (!_vars.Contains(t.Text)) throw _source.ParseError(t.Offset, $"undefined variable {GoQuote.Quote(t.Text)}");
                var chain = Chain(tokens, ref i, []);
                return new VariableOperand(t.Offset, t.Text + string.Concat(chain.Select(c => "." + c)), t.Text, chain);
            }
            case TokenKind.Identifier:
                if (!_isFunction(t.Text)) throw _source.ParseError(t.Offset, $"function \"{t.Text}\" not defined");
                return new FunctionOperand(t.Offset, t.Text);
            case TokenKind.LeftParen:
            {
                Enter(t.Offset);
                var inner = ParseCommands(tokens, ref i, nested: true);
                _depth--;
                if (i >= tokens.Count) throw _source.ParseError(t.Offset, "unclosed left paren");
                var close = tokens[i++];
                var chain = Chain(tokens, ref i, []);
                var text = _source.Text[t.Offset..(close.Offset + 1)] + string.Concat(chain.Select(c => "." + c));
                return new PipelineOperand(t.Offset, text, inner, chain);
            }
            default:
                throw LexError(t) ?? _source.ParseError(t.Offset, $"unexpected {Describe(t)} in operand");
        }
    }

    /// <summary>Go: a constant, <c>nil</c> or dot takes no field (<c>unexpected . after term "1"</c>).</summary>
    private void NoFieldAfter(List<TemplateToken> tokens, int i, TemplateToken term)
    {
        if (i < tokens.Count && tokens[i].Kind == TokenKind.Field && !tokens[i].SpaceBefore)
        {
            throw _source.ParseError(tokens[i].Offset, $"unexpected . after term {GoQuote.Quote(term.Text)}");
        }
    }

    /// <summary>Fields written directly after an operand (<c>$x.a.b</c>, <c>(…).a</c>).</summary>
    private static List<string> Chain(List<TemplateToken> tokens, ref int i, List<string> chain)
    {
        while (i < tokens.Count && tokens[i].Kind == TokenKind.Field && !tokens[i].SpaceBefore) chain.Add(tokens[i++].Text[1..]);
        return chain;
    }
}
