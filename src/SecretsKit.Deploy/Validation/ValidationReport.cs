namespace SecretsKit.Deploy.Validation;

/// <summary>The outcome of validating some manifests: counts, the findings, and the documents no schema covered.</summary>
public sealed class ValidationReport(string kubernetesVersion)
{
    private readonly List<ValidationIssue> _issues = [];
    private readonly List<DocumentIdentity> _skipped = [];

    /// <summary>The Kubernetes minor of the built-in schemas used.</summary>
    public string KubernetesVersion => kubernetesVersion;

    public int Documents { get; private set; }

    public int Invalid { get; private set; }

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    /// <summary>Documents skipped because no source had a schema for their kind (not an error unless --reject-missing-schemas).</summary>
    public IReadOnlyList<DocumentIdentity> Skipped => _skipped;

    public int Valid => Documents - Invalid - _skipped.Count;

    public bool Ok => _issues.Count == 0;

    internal void Add(DocumentIdentity document, IReadOnlyList<ValidationIssue> issues, bool skipped)
    {
        lock (_issues)
        {
            Documents++;
            if (skipped) _skipped.Add(document);
            else if (issues.Count > 0) Invalid++;
            _issues.AddRange(issues);
        }
    }

    /// <summary>One line per finding, one per skipped document, then the counts.</summary>
    public string RenderText()
    {
        var lines = _issues.Select(i => i.ToString())
            .Concat(_skipped.Select(s => $"{s}: skipped (no schema for {s.ApiVersion} {s.Kind})"))
            .Append($"validate: {Documents} document{(Documents == 1 ? "" : "s")}: {Valid} valid, {Invalid} invalid, {_skipped.Count} skipped (no schema) [Kubernetes {KubernetesVersion} schemas]");
        return string.Join('\n', lines) + "\n";
    }
}
