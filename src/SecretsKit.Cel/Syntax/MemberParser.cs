namespace SecretsKit.Cel.Syntax;

/// <summary>The member and primary rules of the grammar: selection, calls, indexing (and their optional forms
/// <c>.?f</c>, <c>[?i]</c>), identifiers, parentheses, list, map and message literals, literals.</summary>
internal sealed class MemberParser(Parser parser)
{
    public Expr ParseMember()
    {
        var expr = ParsePrimary();
        while (true)
        {
            var token = parser.PeekToken;
            if (parser.AcceptPunct(".") || parser.AcceptPunct(".?"))
                expr = Selection(expr, token);
            else if (parser.IsPunctuation("{") && QualifiedName(expr) is { } qualified)
                expr = StructLiteral(qualified.Name, qualified.Absolute, expr.Position);
            else if (parser.AcceptPunct("[") || parser.AcceptPunct("[?"))
            {
                parser.EnterNesting();
                var index = parser.ParseSubExpression();
                parser.ExpectPunct("]");
                parser.LeaveNesting();
                expr = parser.Check(new CallExpr(token.Text == "[" ? "_[_]" : "_[?_]", null, [expr, index]) { Position = token.Position });
            }
            else
                return expr;
        }
    }

    private Expr Selection(Expr operand, Token dot)
    {
        var name = ExpectIdent(allowReserved: true);
        if (dot.Text == "." && parser.IsPunctuation("("))
        {
            var args = Arguments();
            return parser.Check(Macros.Expand(parser, name, operand, args, dot.Position)
                ?? new CallExpr(name, operand, args) { Position = dot.Position });
        }
        return parser.Check(new SelectExpr(operand, name, testOnly: false, optional: dot.Text == ".?") { Position = dot.Position });
    }

    private string ExpectIdent(bool allowReserved = false)
    {
        var token = parser.PeekToken;
        if (token.Kind is not (TokenKind.Ident or TokenKind.QuotedIdent))
            throw parser.Error($"expected an identifier but found '{token.Text}'");
        parser.NextToken();
        if (token.Kind == TokenKind.QuotedIdent && !allowReserved)
            throw parser.Error("a quoted identifier is only allowed as a field name", token.Position);
        if (!allowReserved && Parser.IsReserved(token.Text))
            throw parser.Error($"reserved identifier: {token.Text}", token.Position);
        return token.Text;
    }

    private List<Expr> Arguments()
    {
        parser.ExpectPunct("(");
        parser.EnterNesting();
        var args = new List<Expr>();
        if (!parser.IsPunctuation(")"))
        {
            do
                args.Add(parser.ParseSubExpression());
            while (parser.AcceptPunct(","));
        }
        parser.ExpectPunct(")");
        parser.LeaveNesting();
        return args;
    }

    private Expr ParsePrimary()
    {
        var token = parser.PeekToken;
        switch (token.Kind)
        {
            case TokenKind.Int:
                parser.NextToken();
                if ((ulong)token.Value! > long.MaxValue)
                    throw parser.Error("integer literal out of range", token.Position);
                return new ConstExpr((long)(ulong)token.Value!) { Position = token.Position };
            case TokenKind.UInt or TokenKind.Double or TokenKind.String or TokenKind.Bytes:
                parser.NextToken();
                return new ConstExpr(token.Value) { Position = token.Position };
            case TokenKind.Ident:
                return IdentifierPrimary(absolute: false);
            case TokenKind.End:
                throw parser.Error("unexpected end of expression");
            case TokenKind.QuotedIdent:
                throw parser.Error("a quoted identifier is only allowed as a field name");
        }
        if (parser.IsPunctuation("."))
        {
            parser.NextToken();
            return IdentifierPrimary(absolute: true);
        }
        parser.EnterNesting();
        var result = token.Text switch
        {
            "(" => Parenthesized(),
            "[" or "[?" => ListLiteral(),
            "{" => MapLiteral(),
            _ => throw parser.Error($"unexpected '{token.Text}'"),
        };
        parser.LeaveNesting();
        return result;
    }

    private Expr Parenthesized()
    {
        parser.ExpectPunct("(");
        var inner = parser.ParseSubExpression();
        parser.ExpectPunct(")");
        return inner;
    }

    private Expr IdentifierPrimary(bool absolute)
    {
        var token = parser.PeekToken;
        var name = token.Text;
        parser.NextToken();
        switch (name)
        {
            case "true" when !absolute: return new ConstExpr(true) { Position = token.Position };
            case "false" when !absolute: return new ConstExpr(false) { Position = token.Position };
            case "null" when !absolute: return new ConstExpr(null) { Position = token.Position };
        }
        if (Parser.IsReserved(name))
            throw parser.Error($"reserved identifier: {name}", token.Position);
        if (parser.IsPunctuation("("))
        {
            var args = Arguments();
            return Macros.Expand(parser, name, null, args, token.Position)
                ?? new CallExpr(absolute ? "." + name : name, null, args) { Position = token.Position };
        }
        if (parser.IsPunctuation("{"))
            return StructLiteral(name, absolute, token.Position);
        return new IdentExpr(name, absolute) { Position = token.Position };
    }

    /// <summary>The dotted name of a chain of plain selections on an identifier (<c>a.b.C</c> before a message
    /// literal's brace), or null.</summary>
    private static (string Name, bool Absolute)? QualifiedName(Expr expr) => expr switch
    {
        IdentExpr ident => (ident.Name, ident.Absolute),
        SelectExpr { TestOnly: false, Optional: false } select when QualifiedName(select.Operand) is { } inner =>
            (inner.Name + "." + select.Field, inner.Absolute),
        _ => null,
    };

    private Expr StructLiteral(string name, bool absolute, int position)
    {
        parser.ExpectPunct("{");
        parser.EnterNesting();
        var fields = new List<MapEntry>();
        while (!parser.IsPunctuation("}"))
        {
            var optional = parser.AcceptPunct("?");
            var fieldToken = parser.PeekToken;
            var field = ExpectIdent(allowReserved: true);
            parser.ExpectPunct(":");
            fields.Add(new MapEntry(new ConstExpr(field) { Position = fieldToken.Position }, parser.ParseSubExpression(), optional));
            if (!parser.AcceptPunct(","))
                break;
        }
        parser.ExpectPunct("}");
        parser.LeaveNesting();
        return parser.Check(new StructExpr(absolute ? "." + name : name, fields) { Position = position });
    }

    private Expr ListLiteral()
    {
        var open = parser.NextToken();
        var position = open.Position;
        var elements = new List<Expr>();
        var optional = new HashSet<int>();
        var firstOptional = open.Text == "[?";
        while (!parser.IsPunctuation("]"))
        {
            if (firstOptional || parser.AcceptPunct("?"))
                optional.Add(elements.Count);
            firstOptional = false;
            elements.Add(parser.ParseSubExpression());
            if (!parser.AcceptPunct(","))
                break;
        }
        parser.ExpectPunct("]");
        return parser.Check(new ListExpr(elements, optional) { Position = position });
    }

    private Expr MapLiteral()
    {
        var position = parser.NextToken().Position;
        var entries = new List<MapEntry>();
        while (!parser.IsPunctuation("}"))
        {
            var optional = parser.AcceptPunct("?");
            var key = parser.ParseSubExpression();
            parser.ExpectPunct(":");
            entries.Add(new MapEntry(key, parser.ParseSubExpression(), optional));
            if (!parser.AcceptPunct(","))
                break;
        }
        parser.ExpectPunct("}");
        return parser.Check(new MapExpr(entries) { Position = position });
    }
}
