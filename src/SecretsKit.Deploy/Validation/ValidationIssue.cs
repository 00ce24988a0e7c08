namespace SecretsKit.Deploy.Validation;

/// <summary>
/// One finding about one rendered document: where it came from (<see cref="Origin"/>: a release or a file; the
/// template from helm's <c># Source:</c> line), which object, the JSON path and what was expected. Never a value.
/// </summary>
public sealed record ValidationIssue(DocumentIdentity Document, string Path, string Message)
{
    /// <summary>One line: <c>origin: template: Kind ns/name: path: message</c> (absent parts left out).</summary>
    public override string ToString() =>
        $"{Document}: {(Path.Length == 0 ? "" : Path + ": ")}{Message}";
}
