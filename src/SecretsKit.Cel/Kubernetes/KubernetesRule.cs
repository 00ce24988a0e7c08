using System.Text.Json;

namespace SecretsKit.Cel.Kubernetes;

/// <summary>One x-kubernetes-validations entry: rule, message, messageExpression, fieldPath, reason,
/// optionalOldSelf. <see cref="Evaluate"/> runs it as the API server does and phrases the result as it does
/// (no message: <c>failed rule: &lt;rule&gt;</c>).</summary>
public sealed record KubernetesRule(string Rule)
{
    private static readonly CelEnvironment DefaultEnvironment = CelEnvironment.Kubernetes();

    public string? Message { get; init; }

    public string? MessageExpression { get; init; }

    public string? FieldPath { get; init; }

    public string? Reason { get; init; }

    public bool OptionalOldSelf { get; init; }

    public static KubernetesRule FromJson(JsonElement rule)
    {
        string? Text(string name) => rule.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new KubernetesRule(Text("rule") ?? "")
        {
            Message = Text("message"),
            MessageExpression = Text("messageExpression"),
            FieldPath = Text("fieldPath"),
            Reason = Text("reason"),
            OptionalOldSelf = rule.TryGetProperty("optionalOldSelf", out var o) && o.ValueKind == JsonValueKind.True,
        };
    }

    /// <summary>The text the API server names the rule by: the trimmed message, else the trimmed rule.</summary>
    public string ErrorString => !string.IsNullOrEmpty(Message) ? Message.Trim() : Rule.Trim();

    /// <summary>The failure message when no messageExpression produces one.</summary>
    public string DefaultMessage => string.IsNullOrEmpty(Message) ? $"failed rule: {ErrorString}" : Message.Trim();

    /// <summary>Evaluates the rule with <c>self</c> (a CEL value, e.g. from <see cref="KubernetesValues"/>) and,
    /// for an update, <c>oldSelf</c> (<paramref name="hasOldSelf"/>). A rule that reads oldSelf without one is
    /// skipped unless optionalOldSelf, where oldSelf is <c>optional.none()</c>.</summary>
    public KubernetesRuleResult Evaluate(
        object? self,
        object? oldSelf = null,
        bool hasOldSelf = false,
        CelEnvironment? environment = null,
        long? costLimit = null,
        CancellationToken cancellationToken = default)
    {
        environment ??= DefaultEnvironment;
        CelProgram program;
        try
        {
            program = ProgramCache.Compile(Rule, environment);
        }
        catch (CelSyntaxException e)
        {
            return Result(KubernetesRuleOutcome.Error, $"compilation failed: {e.Message}", 0);
        }
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["self"] = self };
        if (program.References("oldSelf"))
        {
            if (!hasOldSelf && !OptionalOldSelf)
                return Result(KubernetesRuleOutcome.Skipped, "transition rule: no old object", 0);
            variables["oldSelf"] = OptionalOldSelf ? (hasOldSelf ? CelOptional.Of(oldSelf) : CelOptional.None) : oldSelf;
        }
        return Run(program, variables, environment, costLimit ?? environment.CostLimit, cancellationToken);
    }

    private KubernetesRuleResult Run(CelProgram program, Dictionary<string, object?> variables, CelEnvironment environment, long limit, CancellationToken cancellationToken)
    {
        CelEvalResult result;
        try
        {
            result = program.Evaluate(variables, limit, cancellationToken: cancellationToken);
        }
        catch (CelCostLimitExceededException e)
        {
            return Result(KubernetesRuleOutcome.Error,
                $"'{e.Message}': no further validation rules will be run due to call cost exceeds limit for rule: {ErrorString}", limit) with { CostExceeded = true };
        }
        switch (result.Value)
        {
            case true:
                return Result(KubernetesRuleOutcome.Passed, "", result.Cost);
            case false:
                return Result(KubernetesRuleOutcome.Failed, FailureMessage(variables, environment, limit - result.Cost, cancellationToken), result.Cost);
            case CelError { Kind: CelErrorKind.NoSuchOverload } error:
                return Result(KubernetesRuleOutcome.Error,
                    $"'{error.Message}': call arguments did not match a supported operator, function or macro signature for rule: {ErrorString}", result.Cost);
            case CelError error:
                return Result(KubernetesRuleOutcome.Error, $"{error.Message} evaluating rule: {ErrorString}", result.Cost);
            default:
                return Result(KubernetesRuleOutcome.Error, $"rule did not evaluate to a bool: {ErrorString}", result.Cost);
        }
    }

    /// <summary>The messageExpression's value when it evaluates to a non-empty one-line string (trimmed), else
    /// <see cref="DefaultMessage"/>.</summary>
    private string FailureMessage(Dictionary<string, object?> variables, CelEnvironment environment, long budget, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(MessageExpression))
            return DefaultMessage;
        try
        {
            var value = ProgramCache.Compile(MessageExpression, environment)
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
        return DefaultMessage;
    }

    private KubernetesRuleResult Result(KubernetesRuleOutcome outcome, string message, long cost) =>
        new(outcome, message, FieldPath, Reason, cost);
}
