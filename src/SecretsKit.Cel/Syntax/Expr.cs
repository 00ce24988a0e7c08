namespace SecretsKit.Cel.Syntax;

/// <summary>A node of a parsed CEL expression. <see cref="Height"/> is the longest path to a leaf, bounded by the
/// parser's depth limit so that evaluation (a tree walk) can never run out of stack.</summary>
internal abstract class Expr
{
    protected Expr(int height) => Height = height;

    public int Height { get; }

    public int Position { get; init; }

    protected static int MaxHeight(IEnumerable<Expr> children)
    {
        var max = 0;
        foreach (var child in children)
            max = Math.Max(max, child.Height);
        return max + 1;
    }
}
