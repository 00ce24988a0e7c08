namespace SecretsKit.Cel.Syntax;

/// <summary>Visits a parsed expression's nodes (iteratively, so depth is no concern).</summary>
internal static class ExprWalker
{
    public static HashSet<string> Identifiers(Expr root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Expr>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var expr = pending.Pop();
            foreach (var child in Children(expr))
                pending.Push(child);
            if (expr is IdentExpr ident)
                names.Add(ident.Name);
        }
        return names;
    }

    private static IEnumerable<Expr> Children(Expr expr) => expr switch
    {
        SelectExpr s => [s.Operand],
        CallExpr c => c.Target is null ? c.Args : c.Args.Prepend(c.Target),
        ListExpr l => l.Elements,
        MapExpr m => m.Entries.SelectMany(e => new[] { e.Key, e.Value }),
        StructExpr s => s.Fields.Select(f => f.Value),
        MacroExpr m => m.Filter is null ? [m.Range, m.Step] : [m.Range, m.Step, m.Filter],
        _ => [],
    };
}
