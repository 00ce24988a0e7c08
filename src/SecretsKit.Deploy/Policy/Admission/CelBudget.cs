using SecretsKit.Cel;
using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;
using SecretsKit.Go;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// Runs admission expressions against one running budget, as the API server's CEL filter does: each expression is
/// limited to the per-call limit (1,000,000) and charged to the budget (10,000,000 per binding for validations and audit
/// annotations, 2,500,000 for matchConditions); an expression that would overrun the budget throws
/// <see cref="OutOfBudgetException"/>. Errors come back in the API server's words (<c>expression '…' resulted in error: …</c>,
/// <c>compilation error: compilation failed: …</c>, also for a <c>variables.name</c> not declared before: <see cref="UndefinedVariables"/>). Every run also draws on the scan's <see cref="AdmissionLimits"/>, so a hostile policy
/// set cannot hold the process.
/// </summary>
internal sealed class CelBudget(long budget, AdmissionLimits limits, CancellationToken ct)
{
    public const long PerCallLimit = CelEnvironment.KubernetesPerCallLimit;
    public const long RuntimeBudget = 10_000_000;
    public const long MatchConditionBudget = 2_500_000;

    private static readonly CelEnvironment Environment = CelEnvironment.Kubernetes();
    private static readonly BoundedCache<string, object> Compiled = new(4096, StringComparer.Ordinal);

    public long Remaining { get; private set; } = budget;

    /// <summary>The compiled program, or the API server's text for a <see cref="CelSyntaxException"/> (<c>compilation failed: ERROR: …</c>; cached both ways, bounded).</summary>
    public static object Compile(string source) => Compiled.GetOrAdd(source, CompileUncached);

    private static object CompileUncached(string source)
    {
        try
        {
            return CelProgram.Compile(source, Environment);
        }
        catch (CelSyntaxException e)
        {
            return "compilation failed: " + e.Message;
        }
    }

    public static bool References(string source, string name) => Compile(source) is CelProgram p && p.References(name);

    public ExpressionOutcome Run(string source, IReadOnlyDictionary<string, object?> variables)
    {
        if (Compile(source) is not CelProgram program) return new(null, $"compilation error: {Compile(source)}", Cause: Compile(source) as string, Compiled: false);
        if (variables.GetValueOrDefault("variables") is LazyVariables.View scope && UndefinedVariables.Check(program, scope.Declares) is { } undefined)
            return new(null, $"compilation error: {undefined}", Cause: undefined, Compiled: false);
        if (Remaining <= 0 || limits.Spent) throw new OutOfBudgetException();
        var limit = Math.Min(PerCallLimit, Math.Min(Remaining, limits.Remaining));
        CelEvalResult result;
        try
        {
            result = program.Evaluate(variables, limit, cancellationToken: ct);
        }
        catch (CelCostLimitExceededException e)
        {
            limits.Charge(limit);
            Remaining -= limit;
            if (limit < PerCallLimit) throw new OutOfBudgetException();
            return new(null, $"expression '{source}' resulted in error: {e.Message}", Cause: e.Message);
        }
        limits.Charge(result.Cost);
        Remaining -= result.Cost;
        return result.Value switch
        {
            CelError error => new(null, $"expression '{source}' resulted in error: {error.Message}", error, error.Message),
            CelUnknown => new(null, $"expression '{source}' resulted in error: unknown value", Cause: "unknown value"),
            var value => new(value, null),
        };
    }
}
