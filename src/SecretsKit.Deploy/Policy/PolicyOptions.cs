using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// What a policy run reports: the severities kept (Trivy's <c>--severity</c>; empty: all), the IDs ignored
/// (<c>.trivyignore</c>), whether deprecated checks run, the Kubernetes version for the checks that depend on one, and
/// the date that decides whether an ignore entry has expired.
/// </summary>
public sealed record PolicyOptions
{
    public IReadOnlyCollection<PolicySeverity> Severities { get; init; } = [];

    public TrivyIgnoreFile? Ignore { get; init; }

    public bool IncludeDeprecated { get; init; }

    public string? KubernetesVersion { get; init; }

    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);
}
