namespace SecretsKit.Cel.Syntax;

/// <summary>Expands macro calls while parsing: <c>has(a.f)</c>; <c>all</c>, <c>exists</c>, <c>exists_one</c>,
/// <c>map</c> (2 and 3 arguments), <c>filter</c> on a receiver; the two-variable forms and transforms of cel-go's
/// comprehensions extension; <c>optMap</c>/<c>optFlatMap</c> on optionals; <c>cel.bind</c>; the lists extension's
/// <c>sortBy</c> (the list sorted by the keys a <c>map</c> over it computes).
/// A call that is not a macro returns null and stays a function call.</summary>
internal static class Macros
{
    public static Expr? Expand(Parser parser, string name, Expr? target, List<Expr> args, int position)
    {
        if (target is null)
            return name == "has" && args.Count == 1 ? Has(parser, args[0], position) : null;
        if (target is IdentExpr { Name: "cel", Absolute: false } && name == "bind" && args.Count == 3)
            return new MacroExpr(MacroKind.Bind, IterName(parser, args[0]), null, args[1], args[2], null) { Position = position };
        return (name, args.Count) switch
        {
            ("all", 2) => One(parser, MacroKind.All, target, args, position),
            ("exists", 2) => One(parser, MacroKind.Exists, target, args, position),
            ("exists_one" or "existsOne", 2) => One(parser, MacroKind.ExistsOne, target, args, position),
            ("map", 2) => One(parser, MacroKind.Map, target, args, position),
            ("map", 3) => new MacroExpr(MacroKind.Map, IterName(parser, args[0]), null, target, args[2], args[1]) { Position = position },
            ("filter", 2) => One(parser, MacroKind.Filter, target, args, position),
            ("optMap", 2) => One(parser, MacroKind.OptMap, target, args, position),
            ("sortBy", 2) => new CallExpr("@sortByAssociatedKeys", target, [One(parser, MacroKind.Map, target, args, position)]) { Position = position },
            ("optFlatMap", 2) => One(parser, MacroKind.OptFlatMap, target, args, position),
            ("all", 3) => Two(parser, MacroKind.All, target, args, position),
            ("exists", 3) => Two(parser, MacroKind.Exists, target, args, position),
            ("exists_one" or "existsOne", 3) => Two(parser, MacroKind.ExistsOne, target, args, position),
            ("transformList", 3) => Two(parser, MacroKind.TransformList, target, args, position),
            ("transformList", 4) => TwoFiltered(parser, MacroKind.TransformList, target, args, position),
            ("transformMap", 3) => Two(parser, MacroKind.TransformMap, target, args, position),
            ("transformMap", 4) => TwoFiltered(parser, MacroKind.TransformMap, target, args, position),
            ("transformMapEntry", 3) => Two(parser, MacroKind.TransformMapEntry, target, args, position),
            ("transformMapEntry", 4) => TwoFiltered(parser, MacroKind.TransformMapEntry, target, args, position),
            _ => null,
        };
    }

    private static Expr Has(Parser parser, Expr arg, int position)
    {
        if (arg is not SelectExpr { Optional: false } select)
            throw parser.Error("invalid argument to has() macro", position);
        return new SelectExpr(select.Operand, select.Field, testOnly: true, optional: false) { Position = position };
    }

    private static MacroExpr One(Parser parser, MacroKind kind, Expr target, List<Expr> args, int position) =>
        new(kind, IterName(parser, args[0]), null, target, args[1], null) { Position = position };

    private static MacroExpr Two(Parser parser, MacroKind kind, Expr target, List<Expr> args, int position) =>
        new(kind, IterName(parser, args[0]), DistinctName(parser, args[0], args[1]), target, args[2], null) { Position = position };

    private static MacroExpr TwoFiltered(Parser parser, MacroKind kind, Expr target, List<Expr> args, int position) =>
        new(kind, IterName(parser, args[0]), DistinctName(parser, args[0], args[1]), target, args[3], args[2]) { Position = position };

    private static string DistinctName(Parser parser, Expr first, Expr second)
    {
        var name = IterName(parser, second);
        if (name == IterName(parser, first))
            throw parser.Error($"duplicate variable name: {name}", second.Position);
        return name;
    }

    private static string IterName(Parser parser, Expr arg) => arg is IdentExpr { Absolute: false } ident
        ? ident.Name
        : throw parser.Error("argument must be a simple name", arg.Position);
}
