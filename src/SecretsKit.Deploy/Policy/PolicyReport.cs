using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy;

/// <summary>The outcome of a policy run: the objects checked, the findings left after the filters, and how many the ignore rules and the severity filter removed.</summary>
public sealed class PolicyReport
{
    private readonly List<PolicyFinding> _findings = [];
    private readonly List<string> _unreadable = [];
    private readonly List<(Validation.DocumentIdentity Document, string Key, string Value)> _annotations = [];
    private readonly List<(string Id, PolicySeverity Severity)> _below = [];

    public int Objects { get; internal set; }

    public int Ignored { get; internal set; }

    /// <summary>How many findings the severity filter left out (<see cref="Below"/>).</summary>
    public int Filtered => _below.Count;

    /// <summary>The findings the severity filter left out, as check ID and severity only (never a path or value), in the order found.</summary>
    public IReadOnlyList<(string Id, PolicySeverity Severity)> Below => _below;

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

    internal void AddBelow(PolicyFinding finding) => _below.Add((finding.Id, finding.Severity));

    /// <summary>
    /// What the severity filter left out, as one warning: the count and each ID with its severity (and how often, when
    /// more than once), most severe first, and the <paramref name="flag"/> value that would report them too:
    /// <c>2 findings below --policy-severity CRITICAL: KSV017 (HIGH), KSV0125 (MEDIUM) x2; --policy-severity MEDIUM,HIGH,CRITICAL reports them</c>.
    /// Null when nothing was left out.
    /// </summary>
    public string? BelowText(string flag, IReadOnlyCollection<PolicySeverity> kept)
    {
        if (_below.Count == 0) return null;
        var ids = _below.GroupBy(b => b).OrderByDescending(g => g.Key.Severity)
            .Select(g => $"{g.Key.Id} ({g.Key.Severity.ToString().ToUpperInvariant()}){(g.Count() > 1 ? $" x{g.Count()}" : "")}");
        var all = kept.Concat(_below.Select(b => b.Severity)).Distinct().Order().Select(s => s.ToString().ToUpperInvariant());
        var keptText = string.Join(',', kept.Order().Select(s => s.ToString().ToUpperInvariant()));
        return $"{_below.Count} finding{(_below.Count == 1 ? "" : "s")} below {flag} {keptText}: {string.Join(", ", ids)}; {flag} {string.Join(',', all)} reports them";
    }

    internal void AddAnnotation(Validation.DocumentIdentity document, string key, string value) => _annotations.Add((document, key, value));

    internal void AddUnreadable(Validation.DocumentIdentity document, string reason) => _unreadable.Add($"{document}: {reason}");

    private static int Trivy => PolicyChecks.All.Count(c => c is not (Checks.PlaintextCheck or Checks.RolloutCheck));

    private static int Plaintext => PolicyChecks.All.Count(c => c is Checks.PlaintextCheck);

    private static int Rollout => PolicyChecks.All.Count(c => c is Checks.RolloutCheck);

    private string Admission => AdmissionPolicies == 0 ? "" : $"; {AdmissionPolicies} admission polic{(AdmissionPolicies == 1 ? "y" : "ies")}";

    /// <summary>One line per finding, then the counts per severity.</summary>
    public string RenderText()
    {
        var counts = Enum.GetValues<PolicySeverity>().Reverse().Where(s => s != PolicySeverity.Unknown)
            .Select(s => $"{_findings.Count(f => f.Severity == s)} {s.ToString().ToLowerInvariant()}");
        var lines = _findings.Select(f => f.ToString())
            .Append($"policy: {Objects} object{(Objects == 1 ? "" : "s")}: {_findings.Count} finding{(_findings.Count == 1 ? "" : "s")} ({string.Join(", ", counts)}); " +
                    $"{Ignored} ignored, {Filtered} below the severity filter [trivy-checks {PolicyScanner.TrivyChecksVersion}, {Trivy} checks; {Plaintext} plain-text checks; {Rollout} rollout check{(Rollout == 1 ? "" : "s")}{Admission}]");
        return string.Join('\n', lines) + "\n";
    }
}
