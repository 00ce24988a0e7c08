using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel;

/// <summary>A compiled (parsed, macro-expanded, depth-checked) expression, reusable and safe to evaluate from many
/// threads at once.</summary>
public sealed class CelProgram
{
    private static readonly IReadOnlySet<string> NoUnknowns = new HashSet<string>();

    private readonly Expr _root;
    private readonly CelEnvironment _environment;
    private readonly HashSet<string> _identifiers;

    private CelProgram(string source, Expr root, CelEnvironment environment)
    {
        Source = source;
        _root = root;
        _environment = environment;
        _identifiers = ExprWalker.Identifiers(root);
    }

    public string Source { get; }

    /// <summary>Parses <paramref name="expression"/>; throws <see cref="CelSyntaxException"/> when it does not parse
    /// or exceeds the environment's depth or size limit.</summary>
    public static CelProgram Compile(string expression, CelEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(environment);
        return new CelProgram(expression, Parser.Parse(expression, environment.Limits), environment);
    }

    /// <summary>True when the expression reads the variable <paramref name="name"/> (e.g. <c>oldSelf</c>).</summary>
    public bool References(string name) => _identifiers.Contains(name);

    /// <summary>The fields the expression selects on the variable <paramref name="name"/> (<c>name.field</c>, <c>name.?field</c>,
    /// <c>has(name.field)</c>; not where a comprehension variable of that name hides it), in source order, each with the
    /// offset of its selection in <see cref="Source"/>: what a type checker looks up when the variable is an object whose
    /// fields are declared (Kubernetes' <c>variables</c>).</summary>
    public IReadOnlyList<(string Field, int Position)> FieldSelections(string name) => ExprWalker.FieldSelections(_root, name);

    /// <summary>An error at <paramref name="position"/> of <see cref="Source"/> as cel-go displays a checker's error (line and
    /// column, the source line, a caret under the position).</summary>
    public string DisplayError(int position, string message) => ErrorDisplay.At(Source, position, message);

    /// <summary>Evaluates with the given variables (converted by <see cref="CelConvert.ToCel"/>); variables named
    /// in <paramref name="unknowns"/> evaluate to unknown. Throws <see cref="CelCostLimitExceededException"/> past
    /// <paramref name="costLimit"/> (default: the environment's) and <see cref="OperationCanceledException"/> when
    /// cancelled.</summary>
    public CelEvalResult Evaluate(
        IReadOnlyDictionary<string, object?> variables,
        long? costLimit = null,
        IReadOnlySet<string>? unknowns = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var (value, cost) = Run(Converted(variables), costLimit ?? _environment.CostLimit, unknowns ?? NoUnknowns, cancellationToken);
        return new CelEvalResult(value, cost);
    }

    /// <summary><see cref="Evaluate"/> for variables that already are CEL values keyed by ordinal name (no check, no
    /// copy): for callers in this assembly that made them so.</summary>
    internal (object? Value, long Cost) EvaluateCel(Dictionary<string, object?> variables, long costLimit, CancellationToken cancellationToken) =>
        Run(variables, costLimit, NoUnknowns, cancellationToken);

    private (object? Value, long Cost) Run(IReadOnlyDictionary<string, object?> variables, long costLimit, IReadOnlySet<string> unknowns, CancellationToken cancellationToken)
    {
        var state = EvalState.Rent();
        try
        {
            state.Context.Reset(variables, unknowns, _environment.Functions, _environment.Container, costLimit, cancellationToken);
            state.Evaluator.Reset();
            var value = state.Evaluator.Eval(_root, null);
            return (value, state.Context.Cost);
        }
        finally
        {
            state.Return();
        }
    }

    /// <summary>The variables as CEL values, by ordinal name: the caller's dictionary itself (no copy per evaluation)
    /// when it compares names ordinally and every value already is a CEL value.</summary>
    private static IReadOnlyDictionary<string, object?> Converted(IReadOnlyDictionary<string, object?> variables)
    {
        if (variables is Dictionary<string, object?> ordinal
            && (ReferenceEquals(ordinal.Comparer, StringComparer.Ordinal) || ReferenceEquals(ordinal.Comparer, EqualityComparer<string>.Default))
            && AllCel(ordinal))
            return ordinal;
        return variables.ToDictionary(v => v.Key, v => CelConvert.ToCel(v.Value), StringComparer.Ordinal);
    }

    private static bool AllCel(Dictionary<string, object?> variables)
    {
        foreach (var value in variables.Values)
        {
            if (!ReferenceEquals(CelConvert.ToCel(value), value))
                return false;
        }
        return true;
    }
}
