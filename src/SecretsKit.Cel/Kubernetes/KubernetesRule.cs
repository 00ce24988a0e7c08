using System.Text.Json;
using SecretsKit.Cel.Syntax;

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

    /// <summary>The rule compiled for <paramref name="environment"/> (default: Kubernetes'), to evaluate on many values;
    /// throws <see cref="CelSyntaxException"/> when it does not compile.</summary>
    public KubernetesRuleProgram Compile(CelEnvironment? environment = null)
    {
        environment ??= DefaultEnvironment;
        return new KubernetesRuleProgram(this, ProgramCache.Compile(Rule, environment), environment);
    }

    /// <summary>Evaluates the rule with <c>self</c> (a CEL value, e.g. from <see cref="KubernetesValues"/>) and,
    /// for an update, <c>oldSelf</c> (<paramref name="hasOldSelf"/>). A rule that reads oldSelf without one is
    /// skipped unless optionalOldSelf, where oldSelf is <c>optional.none()</c>. To evaluate one rule on many values,
    /// <see cref="Compile"/> it once.</summary>
    public KubernetesRuleResult Evaluate(
        object? self,
        object? oldSelf = null,
        bool hasOldSelf = false,
        CelEnvironment? environment = null,
        long? costLimit = null,
        CancellationToken cancellationToken = default)
    {
        KubernetesRuleProgram program;
        try
        {
            program = Compile(environment);
        }
        catch (CelSyntaxException e)
        {
            return new KubernetesRuleResult(KubernetesRuleOutcome.Error, $"compilation failed: {e.Message}", FieldPath, Reason, 0);
        }
        return program.Evaluate(self, oldSelf, hasOldSelf, costLimit, cancellationToken);
    }
}
