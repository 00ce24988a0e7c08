using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Syntax;

/// <summary>A list literal; elements written <c>?e</c> are optional (added only when the optional has a value).</summary>
internal sealed class ListExpr(IReadOnlyList<Expr> elements, IReadOnlySet<int> optionalIndices) : Expr(MaxHeight(elements))
{
    public IReadOnlyList<Expr> Elements { get; } = elements;

    public IReadOnlySet<int> OptionalIndices { get; } = optionalIndices;

    /// <summary>The list's value when every element is a literal (built once, shared: lists are immutable).</summary>
    public CelList? Constant { get; } = optionalIndices.Count == 0 && elements.All(e => e is ConstExpr)
        ? new CelList(elements.Select(e => ((ConstExpr)e).Value).ToList())
        : null;
}
