using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy;

/// <summary>The outcome of a policy run: the objects checked, the findings left after the filters, and how many the ignore rules and the severity filter removed.</summary>
public sealed class PolicyReport
{
    private readonly List<PolicyFinding> _findings = [];
    private readonly List<string> _unreadable = [];
    private readonly List<(Validation.DocumentIdentity Document, string Key, string Value)> _annotations = [];

    public int Objects { get; internal set; }

    public int Ignored { get; internal set; }

    public int Filtered { get; internal set; }

    public IReadOnlyList<PolicyFinding> Findings => _findings;

    /// <summary>No finding that fails the run is left (warnings and audit records of admission policies never fail it).</summary>
    public bool Ok => !_findings.Any(f => f.Fails);

    /// <summary>The ValidatingAdmissionPolicies evaluated (from <c>--admission-policy</c> and the input).</summary>
    public int AdmissionPolicies { get; internal set; }

    /// <summary>Audit annotations the admission policies published, per object (<c>policy/key</c>, value; decrypted values redacted).</summary>
    public IReadOnlyList<(Validation.DocumentIdentity Document, string Key, string Value)> AuditAnnotations => _annotations;

    /// <summary>Documents that could not be read as objects (not YAML, not a mapping): <c>origin: template: Kind ns/name: reason</c>, never a value.</summary>
    public IReadOnlyList<string> Unreadable => _unreadable;

    internal void Add(PolicyFinding finding) => _findings.Add(finding);

    internal void AddAnnotation(Validation.DocumentIdentity document, string key, string value) => _annotations.Add((document, key, value));

    internal void AddUnreadable(Validation.DocumentIdentity document, string reason) => _unreadable.Add($"{document}: {reason}");

    private static int Trivy => PolicyChecks.All.Count(c => c is not Checks.PlaintextCheck);

    private string Admission => AdmissionPolicies == 0 ? "" : $"; {AdmissionPolicies} admission polic{(AdmissionPolicies == 1 ? "y" : "ies")}";

    /// <summary>One line per finding, then the counts per severity.</summary>
    public string RenderText()
    {
        var counts = Enum.GetValues<PolicySeverity>().Reverse().Where(s => s != PolicySeverity.Unknown)
            .Select(s => $"{_findings.Count(f => f.Severity == s)} {s.ToString().ToLowerInvariant()}");
        var lines = _findings.Select(f => f.ToString())
            .Append($"policy: {Objects} object{(Objects == 1 ? "" : "s")}: {_findings.Count} finding{(_findings.Count == 1 ? "" : "s")} ({string.Join(", ", counts)}); " +
                    $"{Ignored} ignored, {Filtered} below the severity filter [trivy-checks {PolicyScanner.TrivyChecksVersion}, {Trivy} checks; {PolicyChecks.All.Count - Trivy} plain-text checks{Admission}]");
        return string.Join('\n', lines) + "\n";
    }
}
