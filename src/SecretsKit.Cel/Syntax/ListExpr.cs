namespace SecretsKit.Cel.Syntax;

/// <summary>A list literal; elements written <c>?e</c> are optional (added only when the optional has a value).</summary>
internal sealed class ListExpr(IReadOnlyList<Expr> elements, IReadOnlySet<int> optionalIndices) : Expr(MaxHeight(elements))
{
    public IReadOnlyList<Expr> Elements { get; } = elements;

    public IReadOnlySet<int> OptionalIndices { get; } = optionalIndices;
}
