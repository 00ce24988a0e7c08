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

    /// <summary>
    /// The selections <c>name.field</c> (also <c>name.?field</c> and <c>has(name.field)</c>) on the variable
    /// <paramref name="name"/>, skipping a comprehension's step and filter where an iteration variable of that name hides
    /// it; in source order, each with its position.
    /// </summary>
    public static List<(string Field, int Position)> FieldSelections(Expr root, string name)
    {
        var found = new List<(string Field, int Position)>();
        var pending = new Stack<Expr>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var expr = pending.Pop();
            if (expr is SelectExpr { Operand: IdentExpr ident } select && ident.Name == name) found.Add((select.Field, select.Position));
            var children = expr is MacroExpr macro && (macro.IterVar == name || macro.IterVar2 == name) ? [macro.Range] : Children(expr);
            foreach (var child in children)
                pending.Push(child);
        }
        found.Sort((a, b) => a.Position.CompareTo(b.Position));
        return found;
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
