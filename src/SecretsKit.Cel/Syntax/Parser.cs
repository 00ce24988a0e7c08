namespace SecretsKit.Cel.Syntax;

/// <summary>Recursive-descent parser for CEL's grammar (cel-spec langdef). Every recursion counts against
/// <see cref="ParserLimits.MaxDepth"/>, and every node's height too (left-associative chains build deep trees
/// without recursing), so hostile nesting ends with a <see cref="CelSyntaxException"/>, never a stack overflow.</summary>
internal sealed class Parser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while", "in",
    };

    private readonly string _source;
    private readonly List<Token> _tokens;
    private readonly ParserLimits _limits;
    private int _index;
    private int _depth;

    private Parser(string source, List<Token> tokens, ParserLimits limits)
    {
        _source = source;
        _tokens = tokens;
        _limits = limits;
    }

    public static Expr Parse(string source, ParserLimits limits)
    {
        if (source.Length > limits.MaxCodePoints && source.EnumerateRunes().Count() > limits.MaxCodePoints)
            throw SyntaxErrors.At(source, 0, $"expression code point size exceeds limit: size: {source.EnumerateRunes().Count()}, limit {limits.MaxCodePoints}", limit: true);
        var parser = new Parser(source, new Lexer(source).Tokenize(), limits);
        var expr = parser.ParseExpr();
        if (parser.Peek.Kind != TokenKind.End)
            throw parser.Error($"unexpected '{parser.Peek.Text}'");
        return expr;
    }

    private Token Peek => _tokens[_index];

    private Token Advance() => _tokens[_index++];

    private bool IsPunct(string text) => Peek.Kind == TokenKind.Punct && Peek.Text == text;

    private bool Accept(string text)
    {
        if (!IsPunct(text))
            return false;
        _index++;
        return true;
    }

    private void Expect(string text)
    {
        if (!Accept(text))
            throw Error(Peek.Kind == TokenKind.End ? $"expected '{text}' but the expression ended" : $"expected '{text}' but found '{Peek.Text}'");
    }

    internal CelSyntaxException Error(string message, int? position = null) =>
        SyntaxErrors.At(_source, position ?? Peek.Position, message);

    private T Checked<T>(T expr) where T : Expr
    {
        if (expr.Height > _limits.MaxDepth)
            throw SyntaxErrors.At(_source, Peek.Position, $"expression recursion limit exceeded: {_limits.MaxDepth}", limit: true);
        return expr;
    }

    private void Enter()
    {
        if (++_depth > _limits.MaxDepth)
            throw SyntaxErrors.At(_source, Peek.Position, $"expression recursion limit exceeded: {_limits.MaxDepth}", limit: true);
    }

    private Expr ParseExpr()
    {
        Enter();
        var position = Peek.Position;
        var condition = ParseLogical(or: true);
        Expr result = condition;
        if (Accept("?"))
        {
            var then = ParseLogical(or: true);
            Expect(":");
            var otherwise = ParseExpr();
            result = Checked(new CallExpr("_?_:_", null, [condition, then, otherwise]) { Position = position });
        }
        _depth--;
        return result;
    }

    /// <summary>A chain of <c>||</c> (of <c>&amp;&amp;</c> chains) or of <c>&amp;&amp;</c> (of relations), built as a balanced
    /// tree (as cel-go does), so a long chain stays shallow; a single term is itself.</summary>
    private Expr ParseLogical(bool or)
    {
        var first = or ? ParseLogical(or: false) : ParseRelation();
        var op = or ? "||" : "&&";
        if (!IsPunct(op))
            return first;
        var terms = new List<Expr> { first };
        while (Accept(op))
            terms.Add(or ? ParseLogical(or: false) : ParseRelation());
        return Balance(terms, 0, terms.Count, or ? "_||_" : "_&&_");
    }

    private Expr Balance(List<Expr> terms, int start, int end, string function)
    {
        if (end - start == 1)
            return terms[start];
        var mid = start + ((end - start) / 2);
        return Checked(new CallExpr(function, null, [Balance(terms, start, mid, function), Balance(terms, mid, end, function)]));
    }

    private Expr ParseRelation()
    {
        var left = ParseAddition();
        while (true)
        {
            var position = Peek.Position;
            string? function = Peek switch
            {
                { Kind: TokenKind.Punct, Text: "<" } => "_<_",
                { Kind: TokenKind.Punct, Text: "<=" } => "_<=_",
                { Kind: TokenKind.Punct, Text: ">" } => "_>_",
                { Kind: TokenKind.Punct, Text: ">=" } => "_>=_",
                { Kind: TokenKind.Punct, Text: "==" } => "_==_",
                { Kind: TokenKind.Punct, Text: "!=" } => "_!=_",
                { Kind: TokenKind.Ident, Text: "in" } => "@in",
                _ => null,
            };
            if (function is null)
                return left;
            _index++;
            left = Checked(new CallExpr(function, null, [left, ParseAddition()]) { Position = position });
        }
    }

    private Expr ParseAddition()
    {
        var left = ParseMultiplication();
        while (IsPunct("+") || IsPunct("-"))
        {
            var token = Advance();
            left = Checked(new CallExpr(token.Text == "+" ? "_+_" : "_-_", null, [left, ParseMultiplication()]) { Position = token.Position });
        }
        return left;
    }

    private Expr ParseMultiplication()
    {
        var left = ParseUnary();
        while (IsPunct("*") || IsPunct("/") || IsPunct("%"))
        {
            var token = Advance();
            var function = token.Text switch { "*" => "_*_", "/" => "_/_", _ => "_%_" };
            left = Checked(new CallExpr(function, null, [left, ParseUnary()]) { Position = token.Position });
        }
        return left;
    }

    private Expr ParseUnary()
    {
        var position = Peek.Position;
        if (IsPunct("!") || IsPunct("-"))
        {
            var op = Advance().Text;
            Enter();
            Expr operand;
            if (op == "-" && Peek.Kind is TokenKind.Int or TokenKind.Double && !FollowedByMember())
                operand = NegatedLiteral();
            else
                operand = Checked(new CallExpr(op == "!" ? "!_" : "-_", null, [ParseUnary()]) { Position = position });
            _depth--;
            return operand;
        }
        return new MemberParser(this).ParseMember();
    }

    /// <summary>True when the literal after a minus is followed by <c>.</c> or <c>[</c>: <c>-1.f()</c> negates the
    /// call's result, so the literal is not folded.</summary>
    private bool FollowedByMember()
    {
        var next = _tokens[_index + 1];
        return next.Kind == TokenKind.Punct && next.Text is "." or "[" or ".?" or "[?";
    }

    private Expr NegatedLiteral()
    {
        var token = Advance();
        if (token.Kind == TokenKind.Double)
            return new ConstExpr(-(double)token.Value!) { Position = token.Position };
        var magnitude = (ulong)token.Value!;
        return magnitude == (ulong)long.MaxValue + 1
            ? new ConstExpr(long.MinValue) { Position = token.Position }
            : new ConstExpr(-(long)magnitude) { Position = token.Position };
    }

    // --- shared with MemberParser -----------------------------------------------------------------------------

    internal Token PeekToken => Peek;

    internal Token NextToken() => Advance();

    internal bool AcceptPunct(string text) => Accept(text);

    internal bool IsPunctuation(string text) => IsPunct(text);

    internal void ExpectPunct(string text) => Expect(text);

    internal Expr ParseSubExpression() => ParseExpr();

    internal T Check<T>(T expr) where T : Expr => Checked(expr);

    internal void EnterNesting() => Enter();

    internal void LeaveNesting() => _depth--;

    internal static bool IsReserved(string word) => Reserved.Contains(word);
}
