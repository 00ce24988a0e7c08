namespace SecretsKit.Cel.Kubernetes;

/// <summary>The result of one rule on one value: the outcome, the API server's message (for failures and errors),
/// the rule's fieldPath and reason (as written), and the cost spent. A value: one is made for every rule evaluated.</summary>
public readonly record struct KubernetesRuleResult(
    KubernetesRuleOutcome Outcome,
    string Message,
    string? FieldPath,
    string? Reason,
    long Cost)
{
    /// <summary>True when the cost budget ran out (the API server stops running further rules then).</summary>
    public bool CostExceeded { get; init; }
}
