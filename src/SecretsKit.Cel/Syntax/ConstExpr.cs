namespace SecretsKit.Cel.Syntax;

/// <summary>A literal: long, ulong, double, string, CelBytes, bool or null.</summary>
internal sealed class ConstExpr(object? value) : Expr(1)
{
    public object? Value { get; } = value;
}
