using SecretsKit.Deploy.Policy.Admission;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// The admission-policy part of a scan: the ValidatingAdmissionPolicies and bindings of <c>--admission-policy</c> and of
/// the rendered output (with the Namespaces, CRDs and param objects of both) evaluated over every rendered object.
/// Decisions become findings with the policy's name as ID: Deny as CRITICAL (the API server would refuse the object,
/// so it fails the run), Warn as MEDIUM, Audit as LOW and a rule skipped offline as UNKNOWN (reported, never failing).
/// A decrypted value in a message or audit annotation is redacted.
/// </summary>
internal sealed class AdmissionScan(AdmissionPolicies policies, PolicyOptions options)
{
    public const string Redacted = "[redacted]";

    public int Count => policies.Count;

    /// <summary>The policies of the given objects, or null when none has a binding.</summary>
    public static AdmissionScan? Create(PolicyOptions options, IEnumerable<ScannedObject> rendered, IEnumerable<ScannedObject> given)
    {
        var objects = given.Concat(rendered).Select(o => new AdmissionObject(o.Json, o.DefaultNamespace));
        var policies = new AdmissionPolicies(objects, options.AdmissionLimits);
        return policies.Count == 0 ? null : new AdmissionScan(policies, options);
    }

    public void Scan(ScannedObject o, PolicyReport report, Action<PolicyReport, PolicyFinding, bool> keep, CancellationToken ct)
    {
        var result = policies.Evaluate(o.Json, o.DefaultNamespace, ct);
        foreach (var d in result.Decisions)
        {
            var finding = new PolicyFinding(d.Policy, d.Policy, $"ValidatingAdmissionPolicy ({d.Action})", Severity(d.Action), o.Id, "", Redact(d.Message))
            {
                Fails = d.Action == AdmissionAction.Deny,
                Admission = true,
            };
            keep(report, finding, options.Ignore?.IgnoresId(d.Policy, options.Today) == true || o.Inline.IgnoresId(d.Policy, options.Today));
        }
        foreach (var a in result.Annotations) report.AddAnnotation(o.Id, a.Key, Redact(a.Value));
    }

    private static PolicySeverity Severity(AdmissionAction action) => action switch
    {
        AdmissionAction.Deny => PolicySeverity.Critical,
        AdmissionAction.Warn => PolicySeverity.Medium,
        AdmissionAction.Audit => PolicySeverity.Low,
        _ => PolicySeverity.Unknown,
    };

    private string Redact(string text)
    {
        if (options.Values is not { } values) return text;
        foreach (var (value, _) in values.Decrypted.OrderByDescending(v => v.Value.Length))
        {
            if (text.Contains(value, StringComparison.Ordinal)) text = text.Replace(value, Redacted, StringComparison.Ordinal);
        }
        return text;
    }
}
