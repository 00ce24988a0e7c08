namespace SecretsKit.Cel.Kubernetes;

/// <summary>What evaluating one x-kubernetes-validations rule came to.</summary>
public enum KubernetesRuleOutcome
{
    /// <summary>The rule evaluated to true.</summary>
    Passed,

    /// <summary>The rule evaluated to false: <see cref="KubernetesRuleResult.Message"/> is the API server's text.</summary>
    Failed,

    /// <summary>A transition rule (it reads <c>oldSelf</c>) with no old object: the API server does not run it on create.</summary>
    Skipped,

    /// <summary>The rule did not compile, evaluated to an error or a non-bool, or ran out of cost budget.</summary>
    Error,
}
