namespace SecretsKit.Cel.Interpreter;

/// <summary>
/// One thread's evaluation state (an <see cref="EvalContext"/> and its <see cref="Evaluator"/>), reused by the next
/// evaluation on the thread instead of made anew for each: validating a chart runs thousands of small rules. An
/// evaluation started while the thread's state is in use (a function that evaluates again) gets a state of its own.
/// </summary>
internal sealed class EvalState
{
    [ThreadStatic]
    private static EvalState? _idle;

    private EvalState(EvalContext context)
    {
        Context = context;
        Evaluator = new Evaluator(context);
    }

    public EvalContext Context { get; }

    public Evaluator Evaluator { get; }

    /// <summary>The thread's idle state, or a new one: reset its <see cref="Context"/>, then its <see cref="Evaluator"/>, for
    /// the evaluation, and give it back with <see cref="Return"/>.</summary>
    public static EvalState Rent()
    {
        if (_idle is not { } state)
            return new EvalState(new EvalContext());
        _idle = null;
        return state;
    }

    /// <summary>Makes the state the thread's idle one again, holding no variable of the evaluation.</summary>
    public void Return()
    {
        Context.Clear();
        _idle = this;
    }
}
