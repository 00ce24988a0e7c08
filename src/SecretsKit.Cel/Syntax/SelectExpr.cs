namespace SecretsKit.Cel.Syntax;

/// <summary>Field selection <c>a.f</c>; <see cref="TestOnly"/> for the <c>has(a.f)</c> macro; <see cref="Optional"/>
/// for <c>a.?f</c>.</summary>
internal sealed class SelectExpr(Expr operand, string field, bool testOnly, bool optional) : Expr(operand.Height + 1)
{
    public Expr Operand { get; } = operand;

    public string Field { get; } = field;

    public bool TestOnly { get; } = testOnly;

    public bool Optional { get; } = optional;
}
