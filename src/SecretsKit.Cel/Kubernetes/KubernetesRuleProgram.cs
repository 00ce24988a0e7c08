using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Kubernetes;

/// <summary>A <see cref="KubernetesRule"/> compiled for one environment (<see cref="KubernetesRule.Compile"/>), to be
/// evaluated on many values: the rule is parsed once, whether it reads <c>oldSelf</c> is known once, and the
/// messageExpression is compiled on the first failure that needs it. Results are <see cref="KubernetesRule.Evaluate"/>'s.
/// Safe to evaluate from many threads at once.</summary>
public sealed class KubernetesRuleProgram
{
    /// <summary>The thread's variables dictionary between evaluations (one per thread, not one per rule evaluated).</summary>
    [ThreadStatic]
    private static Dictionary<string, object?>? _idleVariables;

    private readonly CelProgram _program;
    private readonly CelEnvironment _environment;
    private readonly bool _readsOldSelf;

    internal KubernetesRuleProgram(KubernetesRule rule, CelProgram program, CelEnvironment environment)
    {
        Rule = rule;
        _program = program;
        _environment = environment;
        _readsOldSelf = program.References("oldSelf");
    }

    public KubernetesRule Rule { get; }

    /// <summary>Evaluates the rule with <c>self</c> (a CEL value, e.g. from <see cref="KubernetesValues"/>) and, for an
    /// update, <c>oldSelf</c> (<paramref name="hasOldSelf"/>). A rule that reads oldSelf without one is skipped unless
    /// optionalOldSelf, where oldSelf is <c>optional.none()</c>.</summary>
    public KubernetesRuleResult Evaluate(
        object? self,
        object? oldSelf = null,
        bool hasOldSelf = false,
        long? costLimit = null,
        CancellationToken cancellationToken = default)
    {
        if (_readsOldSelf && !hasOldSelf && !Rule.OptionalOldSelf)
            return Result(KubernetesRuleOutcome.Skipped, "transition rule: no old object", 0);
        var variables = _idleVariables ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        _idleVariables = null;
        try
        {
            variables["self"] = CelConvert.ToCel(self);
            if (_readsOldSelf)
            {
                variables["oldSelf"] = Rule.OptionalOldSelf ? (hasOldSelf ? CelOptional.Of(oldSelf) : CelOptional.None) : CelConvert.ToCel(oldSelf);
            }
            return Run(variables, costLimit ?? _environment.CostLimit, cancellationToken);
        }
        finally
        {
            variables.Clear();
            _idleVariables = variables;
        }
    }

    private KubernetesRuleResult Run(Dictionary<string, object?> variables, long limit, CancellationToken cancellationToken)
    {
        (object? Value, long Cost) result;
        try
        {
            result = _program.EvaluateCel(variables, limit, cancellationToken);
        }
        catch (CelCostLimitExceededException e)
        {
            return Result(KubernetesRuleOutcome.Error,
                $"'{e.Message}': no further validation rules will be run due to call cost exceeds limit for rule: {Rule.ErrorString}", limit) with { CostExceeded = true };
        }
        switch (result.Value)
        {
            case true:
                return Result(KubernetesRuleOutcome.Passed, "", result.Cost);
            case false:
                return Result(KubernetesRuleOutcome.Failed, FailureMessage(variables, limit - result.Cost, cancellationToken), result.Cost);
            case CelError { Kind: CelErrorKind.NoSuchOverload } error:
                return Result(KubernetesRuleOutcome.Error,
                    $"'{error.Message}': call arguments did not match a supported operator, function or macro signature for rule: {Rule.ErrorString}", result.Cost);
            case CelError error:
                return Result(KubernetesRuleOutcome.Error, $"{error.Message} evaluating rule: {Rule.ErrorString}", result.Cost);
            default:
                return Result(KubernetesRuleOutcome.Error, $"rule did not evaluate to a bool: {Rule.ErrorString}", result.Cost);
        }
    }

    /// <summary>The messageExpression's value when it evaluates to a non-empty one-line string (trimmed), else
    /// <see cref="KubernetesRule.DefaultMessage"/>.</summary>
    private string FailureMessage(Dictionary<string, object?> variables, long budget, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Rule.MessageExpression))
            return Rule.DefaultMessage;
        try
        {
            var value = ProgramCache.Compile(Rule.MessageExpression, _environment)
                .Evaluate(variables, Math.Max(0, budget), cancellationToken: cancellationToken).Value;
            if (value is string text && text.Trim() is { Length: > 0 } trimmed && !trimmed.Contains('\n', StringComparison.Ordinal))
                return trimmed;
        }
        catch (CelSyntaxException)
        {
        }
        catch (CelCostLimitExceededException)
        {
        }
        return Rule.DefaultMessage;
    }

    private KubernetesRuleResult Result(KubernetesRuleOutcome outcome, string message, long cost) =>
        new(outcome, message, Rule.FieldPath, Rule.Reason, cost);
}
