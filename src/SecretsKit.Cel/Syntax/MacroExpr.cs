namespace SecretsKit.Cel.Syntax;

/// <summary>A comprehension macro over <see cref="Range"/>: a list iterates its elements (<see cref="IterVar2"/>, when
/// given, binds the index first), a map its keys (the two-variable form binds key and value).
/// <see cref="Step"/> is the predicate or transform; <see cref="Filter"/> the 3-argument map's condition.</summary>
internal sealed class MacroExpr(MacroKind kind, string iterVar, string? iterVar2, Expr range, Expr step, Expr? filter)
    : Expr(MaxHeight(filter is null ? [range, step] : [range, step, filter]))
{
    public MacroKind Kind { get; } = kind;

    public string IterVar { get; } = iterVar;

    public string? IterVar2 { get; } = iterVar2;

    public Expr Range { get; } = range;

    public Expr Step { get; } = step;

    public Expr? Filter { get; } = filter;
}
