namespace SecretsKit.Deploy.Policy.Model;

/// <summary>Trivy's severities, in its order (UNKNOWN lowest).</summary>
public enum PolicySeverity
{
    Unknown,
    Low,
    Medium,
    High,
    Critical,
}
