namespace SecretsKit.Cel.Kubernetes;

/// <summary>What validating one object found: the field errors, and how many rules ran, passed and were skipped
/// (transition rules on create).</summary>
public sealed class KubernetesValidationReport
{
    public List<KubernetesFieldError> Errors { get; } = [];

    public int RulesRun { get; private set; }

    public int RulesSkipped { get; private set; }

    public long Cost { get; private set; }

    internal void Add(KubernetesRuleResult result)
    {
        Cost += result.Cost;
        if (result.Outcome == KubernetesRuleOutcome.Skipped)
            RulesSkipped++;
        else
            RulesRun++;
    }
}
