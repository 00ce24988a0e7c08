namespace SecretsKit.Cel.Syntax;

/// <summary>A function call, global (<see cref="Target"/> null) or receiver style; operators are calls of their
/// cel-spec names (<c>_+_</c>, <c>_&amp;&amp;_</c>, <c>_[_]</c>, <c>@in</c>, …).</summary>
internal sealed class CallExpr(string function, Expr? target, IReadOnlyList<Expr> args)
    : Expr(MaxHeight(target is null ? args : args.Prepend(target)))
{
    public string Function { get; } = function;

    public Expr? Target { get; } = target;

    public IReadOnlyList<Expr> Args { get; } = args;

    /// <summary>The interpreter's note of which function this call denotes in one environment, made on its first
    /// evaluation (an immutable object, replaced whole, so safe across threads); the syntax never reads it.</summary>
    internal object? Binding { get; set; }
}
