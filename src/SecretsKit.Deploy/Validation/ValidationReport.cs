namespace SecretsKit.Deploy.Validation;

/// <summary>The outcome of validating some manifests: counts, the findings, and the documents no schema covered.</summary>
public sealed class ValidationReport(string kubernetesVersion)
{
    private readonly List<ValidationIssue> _issues = [];
    private readonly List<DocumentIdentity> _skipped = [];
    private readonly List<string> _skipReasons = [];

    /// <summary>The Kubernetes minor of the built-in schemas used.</summary>
    public string KubernetesVersion => kubernetesVersion;

    public int Documents { get; private set; }

    public int Invalid { get; private set; }

    public IReadOnlyList<ValidationIssue> Issues => _issues;

    /// <summary>Documents skipped: no source had a schema for their kind (not an error unless --reject-missing-schemas), or their kind is in --skip.</summary>
    public IReadOnlyList<DocumentIdentity> Skipped => _skipped;

    /// <summary>Why each of <see cref="Skipped"/> was skipped (<c>no schema</c>, <c>--skip</c>), in the same order.</summary>
    public IReadOnlyList<string> SkipReasons => _skipReasons;

    /// <summary><c>x-kubernetes-validations</c> rules evaluated against a value (passed, failed or ended in an error).</summary>
    public int CelRulesEvaluated { get; private set; }

    /// <summary>Transition rules (reading <c>oldSelf</c>) that applied to a value and were skipped: there is no old object.</summary>
    public int CelTransitionRulesSkipped { get; private set; }

    public int Valid => Documents - Invalid - _skipped.Count;

    public bool Ok => _issues.Count == 0;

    internal void Add(DocumentIdentity document, IReadOnlyList<ValidationIssue> issues, string? skipped = null)
    {
        lock (_issues)
        {
            Documents++;
            if (skipped is not null)
            {
                _skipped.Add(document);
                _skipReasons.Add(skipped);
            }
            else if (issues.Count > 0) Invalid++;
            _issues.AddRange(issues);
        }
    }

    internal void AddCelRules(int evaluated, int transitionSkipped)
    {
        lock (_issues)
        {
            CelRulesEvaluated += evaluated;
            CelTransitionRulesSkipped += transitionSkipped;
        }
    }

    /// <summary>One line per finding, one per skipped document, then the counts (and the CEL rules evaluated and skipped, if any).</summary>
    public string RenderText()
    {
        var lines = _issues.Select(i => i.ToString())
            .Concat(_skipped.Select((s, i) => _skipReasons[i] == SkipReason.NoSchema
                ? $"{s}: skipped (no schema for {s.ApiVersion} {s.Kind})"
                : $"{s}: skipped ({_skipReasons[i]})"))
            .Append($"validate: {Documents} document{(Documents == 1 ? "" : "s")}: {Valid} valid, {Invalid} invalid, {_skipped.Count} skipped (no schema) [Kubernetes {KubernetesVersion} schemas]");
        if (CelRulesEvaluated + CelTransitionRulesSkipped > 0)
        {
            var skipped = CelTransitionRulesSkipped == 0 ? ""
                : $", {CelTransitionRulesSkipped} transition rule{(CelTransitionRulesSkipped == 1 ? "" : "s")} (oldSelf) skipped";
            lines = lines.Append($"validate: {CelRulesEvaluated} CEL rule{(CelRulesEvaluated == 1 ? "" : "s")} (x-kubernetes-validations) evaluated{skipped}");
        }
        return string.Join('\n', lines) + "\n";
    }
}
