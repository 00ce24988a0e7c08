namespace SecretsKit.Deploy.Policy.Model;

/// <summary>
/// One misconfiguration check, with Trivy's identity: <see cref="Id"/> (<c>KSV017</c>), <see cref="AvdId"/>
/// (<c>AVD-KSV-0017</c>), title and severity, and the kinds it applies to (Trivy's input selector; empty: every kind).
/// Each check is one file in <c>Policy/Checks/</c> plus one line in <c>Policy/PolicyChecks.cs</c>.
/// </summary>
internal abstract class PolicyCheck
{
    /// <summary>The workload kinds most pod checks select.</summary>
    protected static readonly string[] Workloads =
        ["pod", "replicaset", "replicationcontroller", "deployment", "deploymentconfig", "statefulset", "daemonset", "cronjob", "job"];

    /// <summary><c>KSV017</c>, <c>KCV0001</c>: Trivy's ID (the Rego package name).</summary>
    public abstract string Id { get; }

    /// <summary><c>AVD-KSV-0017</c>.</summary>
    public virtual string AvdId => "AVD-" + Canonical;

    /// <summary><c>KSV-0017</c>, <c>KCV-0001</c>: trivy-checks' own id since v1 (the prefix, a dash, at least four digits).</summary>
    public virtual string Canonical => Id[..3] + "-" + (Id[3..] is { Length: >= 5 } digits ? digits : Id[3..].TrimStart('0').PadLeft(4, '0'));

    public abstract string Title { get; }

    public abstract PolicySeverity Severity { get; }

    /// <summary>Lower-case kinds the check applies to (Trivy compares them ignoring case); empty: every object.</summary>
    public virtual IReadOnlyCollection<string> Kinds => [];

    /// <summary>Deprecated in trivy-checks: run only when asked (Trivy's <c>--include-deprecated-checks</c>).</summary>
    public virtual bool Deprecated => false;

    /// <summary>Whether the check applies to an object of <paramref name="kind"/>.</summary>
    public bool AppliesTo(string? kind) => Kinds.Count == 0 || (kind is not null && Kinds.Contains(kind.ToLowerInvariant()));

    /// <summary>Every ID a user may name the check by: <c>KSV017</c>, <c>AVD-KSV-0017</c>, <c>KSV-0017</c>.</summary>
    public bool IsNamed(string name) =>
        string.Equals(name, Id, StringComparison.OrdinalIgnoreCase) || string.Equals(name, AvdId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, Canonical, StringComparison.OrdinalIgnoreCase);

    public abstract IEnumerable<PolicyHit> Evaluate(PolicyObject o);
}
