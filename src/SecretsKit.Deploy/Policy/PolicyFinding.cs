using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Policy;

/// <summary>One finding: the check (ID, AVD ID, title, severity), the object (origin, template, kind, namespace, name), the JSON path and what should change. Never a value.</summary>
public sealed record PolicyFinding(string Id, string AvdId, string Title, PolicySeverity Severity, DocumentIdentity Document, string Path, string Message)
{
    /// <summary>Whether the finding fails the run (exit 1, a failed release): every check's does; an admission policy's only for Deny.</summary>
    public bool Fails { get; init; } = true;

    /// <summary>A ValidatingAdmissionPolicy's decision (ID: the policy's name), not a check's.</summary>
    public bool Admission { get; init; }

    /// <summary>Trivy's spelling of the severity: <c>HIGH</c>.</summary>
    public string SeverityText => Severity.ToString().ToUpperInvariant();

    /// <summary>One line: <c>origin: template: Kind ns/name: path: KSV017 (HIGH) Privileged: message</c>.</summary>
    public override string ToString() =>
        $"{Document}: {(Path.Length == 0 ? "" : Path + ": ")}{Id} ({SeverityText}) {Title}: {Message}";
}
