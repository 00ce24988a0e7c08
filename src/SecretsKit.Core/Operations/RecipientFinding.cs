namespace SecretsKit.Core.Operations;

/// <summary>
/// One finding of the recipient check, in the policy format (ID, severity, title, what to change): the file it is about
/// (relative to the working directory) and the recipient named as <c>age age1…</c>, <c>kms arn:…</c>. Never a value: the
/// check reads only the <c>sops</c> metadata and <c>.sops.yaml</c>.
/// </summary>
public sealed record RecipientFinding(string Id, string Path, string Recipient, string Message)
{
    /// <summary>A recipient of the file that its creation rule does not list (a staging key on a prod file).</summary>
    public const string Outside = "SK-RECIPIENT-001";

    /// <summary>A recipient of the creation rule that the file lacks (stale after a rule change).</summary>
    public const string Missing = "SK-RECIPIENT-002";

    /// <summary>A recipient in the rules of two environments of the promotion file, not marked shared.</summary>
    public const string Shared = "SK-RECIPIENT-003";

    /// <summary>Every ID with its severity and title, for listings and documentation.</summary>
    public static IReadOnlyList<(string Id, string Severity, string Title)> Checks { get; } =
    [
        (Outside, "HIGH", "Recipient outside the file's creation rule"),
        (Missing, "MEDIUM", "Recipient of the creation rule missing from the file"),
        (Shared, "HIGH", "Recipient shared by two environments"),
    ];

    /// <summary>Trivy's spelling of the severity: <c>HIGH</c>.</summary>
    public string Severity => Checks.First(c => c.Id == Id).Severity;

    public string Title => Checks.First(c => c.Id == Id).Title;

    /// <summary>One line: <c>path: SK-RECIPIENT-001 (HIGH) Title: message</c>, as a policy finding reads.</summary>
    public override string ToString() => $"{Path}: {Id} ({Severity}) {Title}: {Message}";
}
