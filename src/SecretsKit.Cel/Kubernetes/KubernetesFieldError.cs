namespace SecretsKit.Cel.Kubernetes;

/// <summary>One validation error as the API server words it: <c>&lt;path&gt;: Invalid value: …: &lt;detail&gt;</c>
/// (the value left out for objects and arrays; <c>Forbidden</c>, <c>Required value</c>, <c>Duplicate value</c>
/// when the rule's reason says so).</summary>
public sealed record KubernetesFieldError(string Path, string Type, string? Value, string Detail)
{
    /// <summary>What follows the path: <c>Invalid value: "object": too many</c>.</summary>
    public string Body => (Value, Detail) switch
    {
        (null, "") => Type,
        (null, _) => $"{Type}: {Detail}",
        (_, "") => $"{Type}: {Value}",
        _ => $"{Type}: {Value}: {Detail}",
    };

    public override string ToString() => $"{Path}: {Body}";

    /// <summary>The error the API server reports for a rule that failed or did not evaluate at <paramref name="path"/>
    /// (a failure goes to the rule's fieldPath under it). <paramref name="shownValue"/> is the value as the API server
    /// prints it (quoted for strings), or null to leave it out.</summary>
    public static KubernetesFieldError ForRule(string path, KubernetesRuleResult result, string? shownValue)
    {
        var errorPath = result.Outcome == KubernetesRuleOutcome.Failed && !string.IsNullOrEmpty(result.FieldPath)
            ? path + (result.FieldPath.StartsWith('[') ? "" : ".") + result.FieldPath.TrimStart('.')
            : path;
        errorPath = errorPath.TrimStart('.');
        return (result.Outcome, result.Reason) switch
        {
            (KubernetesRuleOutcome.Failed, "FieldValueForbidden") => new KubernetesFieldError(errorPath, "Forbidden", null, result.Message),
            (KubernetesRuleOutcome.Failed, "FieldValueRequired") => new KubernetesFieldError(errorPath, "Required value", null, result.Message),
            (KubernetesRuleOutcome.Failed, "FieldValueDuplicate") => new KubernetesFieldError(errorPath, "Duplicate value", shownValue, ""),
            _ => new KubernetesFieldError(errorPath, "Invalid value", shownValue, result.Message),
        };
    }
}
