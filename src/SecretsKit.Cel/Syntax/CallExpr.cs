namespace SecretsKit.Cel.Syntax;

/// <summary>A function call, global (<see cref="Target"/> null) or receiver style; operators are calls of their
/// cel-spec names (<c>_+_</c>, <c>_&amp;&amp;_</c>, <c>_[_]</c>, <c>@in</c>, …).</summary>
internal sealed class CallExpr(string function, Expr? target, IReadOnlyList<Expr> args)
    : Expr(MaxHeight(target is null ? args : args.Prepend(target)))
{
    private readonly Expr[] _args = [.. args];

    public string Function { get; } = function;

    public Expr? Target { get; } = target;

    public IReadOnlyList<Expr> Args => _args;

    /// <summary><see cref="Args"/> as the array it is: the interpreter reads a call's arguments on every evaluation.</summary>
    internal Expr[] Operands => _args;

    /// <summary>Whether the call is one of the operators that evaluate their arguments themselves (known at parse time,
    /// so the interpreter does not compare the function's name on every evaluation).</summary>
    internal CallShape Shape { get; } = function switch
    {
        "_&&_" => CallShape.And,
        "_||_" => CallShape.Or,
        "_?_:_" => CallShape.Conditional,
        "@not_strictly_false" => CallShape.NotStrictlyFalse,
        _ => CallShape.Strict,
    };

    /// <summary>The interpreter's note of which function this call denotes in one environment, made on its first
    /// evaluation (an immutable object, replaced whole, so safe across threads); the syntax never reads it.</summary>
    internal object? Binding { get; set; }
}
