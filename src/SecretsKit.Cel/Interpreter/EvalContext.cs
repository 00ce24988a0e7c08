
namespace SecretsKit.Cel.Interpreter;

/// <summary>The state of one evaluation: variables, functions, container, the cost spent against the limit, and the
/// cancellation token (checked with every cost step). <see cref="EvalState"/> keeps one per thread and resets it for
/// the next evaluation instead of making a new one.</summary>
internal sealed class EvalContext
{
    private long _costLimit;
    private CancellationToken _cancellation;

    private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();
    private static readonly IReadOnlySet<string> NoNames = new HashSet<string>();

    public IReadOnlyDictionary<string, object?> Variables { get; private set; } = NoVariables;

    public IReadOnlySet<string> Unknowns { get; private set; } = NoNames;

    public FunctionRegistry Functions { get; private set; } = null!;

    public string Container { get; private set; } = "";

    public long Cost { get; private set; }

    /// <summary>Readies the context for a new evaluation: its inputs replaced, no cost spent.</summary>
    public void Reset(
        IReadOnlyDictionary<string, object?> variables,
        IReadOnlySet<string> unknowns,
        FunctionRegistry functions,
        string container,
        long costLimit,
        CancellationToken cancellation)
    {
        Variables = variables;
        Unknowns = unknowns;
        Functions = functions;
        Container = container;
        _costLimit = costLimit;
        _cancellation = cancellation;
        Cost = 0;
    }

    /// <summary>Lets go of the evaluation's variables (the context waits, idle, for the next <see cref="Reset"/>).</summary>
    public void Clear()
    {
        Variables = NoVariables;
        Unknowns = NoNames;
        _cancellation = CancellationToken.None;
    }

    /// <summary>Adds <paramref name="units"/> to the cost; past the limit the evaluation ends with
    /// <see cref="CelCostLimitExceededException"/>. Callers charge before they allocate.</summary>
    public void Charge(long units)
    {
        _cancellation.ThrowIfCancellationRequested();
        Cost = units > long.MaxValue - Cost ? long.MaxValue : Cost + units;
        if (Cost > _costLimit)
            throw new CelCostLimitExceededException { Limit = _costLimit };
    }

    /// <summary>Charges the cost of handling <paramref name="length"/> characters, bytes or items at a tenth of a
    /// unit each (Kubernetes' cost model for string and list traversal), at least one.</summary>
    public void ChargeSize(long length) => Charge(1 + (length / 10));

    /// <summary>The names a (possibly qualified) identifier may denote, most specific first (cel-spec name
    /// resolution: <c>a.b</c> in container <c>x.y</c> is tried as <c>x.y.a.b</c>, <c>x.a.b</c>, <c>a.b</c>).</summary>
    public IEnumerable<string> Candidates(string name, bool absolute)
    {
        if (absolute || Container.Length == 0)
        {
            yield return name;
            yield break;
        }
        var prefix = Container;
        while (true)
        {
            yield return prefix + "." + name;
            var dot = prefix.LastIndexOf('.');
            if (dot < 0)
                break;
            prefix = prefix[..dot];
        }
        yield return name;
    }
}
