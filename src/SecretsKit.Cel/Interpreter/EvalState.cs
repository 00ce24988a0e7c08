namespace SecretsKit.Cel.Interpreter;

/// <summary>
/// One thread's evaluation state (an <see cref="EvalContext"/> and its <see cref="Evaluator"/>), reused by the next
/// evaluation on the thread instead of made anew for each: validating a chart runs thousands of small rules. An
/// evaluation started while the thread's state is in use (a function that evaluates again) gets a state of its own.
/// </summary>
internal sealed class EvalState
{
    private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();
    private static readonly IReadOnlySet<string> NoNames = new HashSet<string>();

    [ThreadStatic]
    private static EvalState? _idle;

    private EvalState(EvalContext context)
    {
        Context = context;
        Evaluator = new Evaluator(context);
    }

    public EvalContext Context { get; }

    public Evaluator Evaluator { get; }

    /// <summary>The thread's idle state reset for an evaluation with these inputs, or a new one; give it back with <see cref="Return"/>.</summary>
    public static EvalState Rent(
        IReadOnlyDictionary<string, object?> variables,
        IReadOnlySet<string> unknowns,
        FunctionRegistry functions,
        string container,
        long costLimit,
        CancellationToken cancellation)
    {
        if (_idle is not { } state)
            return new EvalState(new EvalContext(variables, unknowns, functions, container, costLimit, cancellation));
        _idle = null;
        state.Context.Reset(variables, unknowns, functions, container, costLimit, cancellation);
        state.Evaluator.Reset();
        return state;
    }

    /// <summary>Makes the state the thread's idle one again, holding no variable of the evaluation.</summary>
    public void Return()
    {
        Context.Reset(NoVariables, NoNames, Context.Functions, "", 0, CancellationToken.None);
        _idle = this;
    }
}
