using SecretsKit.Deploy.Diff;
using SecretsKit.Deploy.UnitTest.Asserts;
using SecretsKit.Deploy.UnitTest.Snapshots;
using SecretsKit.Deploy.UnitTest.Suites;
using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// A test's assertions over its rendered templates, as helm-unittest evaluates them: the templates an assertion names,
/// narrowed by <c>documentIndex</c> or <c>documentSelector</c> (the test's when the assertion has none), each checked
/// by the validator; a template that did not render, or rendered when it should have failed, is a failure of its own.
/// Failure lines that would show a decrypted value are replaced by the path that differs. After a post-renderer that
/// dropped the file headers, every assertion reads its one <c>manifest.yaml</c> (<paramref name="wholeManifest"/>). A
/// render that failed outside any template (e.g. values against <c>values.schema.json</c>) gives no documents and its
/// error (<paramref name="renderError"/>), which <c>failedTemplate</c> checks, as helm-unittest's validate context does.
/// </summary>
internal sealed class AssertionRunner(TestPlan plan, IReadOnlyDictionary<string, List<object?>> outputs, bool renderSucceeded, bool failFast,
    SensitiveMatcher secrets, Func<object?, string?, string?, SnapshotComparison> compare, string? wholeManifest = null, string? renderError = null)
{
    public (bool Passed, List<AssertionResult> Results) Run()
    {
        var results = new List<AssertionResult>();
        var passed = false;
        for (var i = 0; i < plan.Test.Asserts.Count; i++)
        {
            var result = Assert(i, plan.Test.Asserts[i]);
            results.Add(result);
            if (result.Skipped) passed = true;
            passed = i == 0 ? result.Passed : passed && result.Passed;
            if (!passed && failFast) break;
        }
        return (passed, results);
    }

    private AssertionResult Assert(int index, AssertionDefinition assertion)
    {
        var selector = assertion.Selector ?? plan.Test.Selector;
        var documentIndex = plan.Test.DocumentIndex ?? assertion.DocumentIndex;
        var templates = new SortedDictionary<string, List<object?>?>(StringComparer.Ordinal);
        foreach (var t in wholeManifest is null ? plan.TemplatesFor(assertion, outputs.Keys) : [wholeManifest]) templates[t] = outputs.GetValueOrDefault(t);
        SortedDictionary<string, List<object?>> selected;
        try
        {
            selected = Select(templates, selector, documentIndex);
        }
        catch (SuiteException e)
        {
            return Result(index, assertion, false, ["Error:", e.Message]);
        }
        if (plan.Test.Selector?.SkipEmptyTemplates == true && selected.Count == 0)
            return new AssertionResult(index, assertion.Type.Name, assertion.Not, true, true, "skipped as 'documentSelector.skipEmptyTemplates: true' and 'selectedTemplates: empty'", []);
        if (selected.Count == 0)
        {
            if (assertion.Type.RequireRenderSuccess != renderSucceeded) return Result(index, assertion, false, ["Error: rendered manifest is empty"]);
            var empty = Validate(assertion, [], []);
            return Result(index, assertion, empty.Passed, empty.Info);
        }
        var info = new List<string>();
        var passed = false;
        var first = true;
        foreach (var (template, docs) in selected)
        {
            var (addTemplate, outcome) = Template(assertion, template, docs);
            if (!outcome.Passed)
            {
                if (addTemplate) info.Add("Template:\t" + template);
                info.AddRange(outcome.Info);
            }
            passed = first ? outcome.Passed : passed && outcome.Passed;
            first = false;
        }
        return Result(index, assertion, passed, info);
    }

    private (bool AddTemplate, AssertOutcome Outcome) Template(AssertionDefinition assertion, string template, List<object?> selectedDocs)
    {
        var found = outputs.TryGetValue(template, out var rendered);
        if (!found && assertion.Type.RequireRenderSuccess)
            return (false, new AssertOutcome(false, ["Error:", $"\ttemplate \"{template}\" not exists or not selected in test suite"]));
        if (assertion.Type.RequireRenderSuccess != renderSucceeded)
        {
            var raw = rendered is { Count: > 0 } && rendered[0] is IReadOnlyDictionary<string, object?> m ? ManifestValues.Format(m.GetValueOrDefault(ManifestValues.RawKey)) : null;
            return (true, new AssertOutcome(false, [raw is null ? "Error: rendered manifest is empty" : "Error: Invalid rendering: " + raw]));
        }
        return (true, Validate(assertion, rendered ?? [], selectedDocs));
    }

    private AssertOutcome Validate(AssertionDefinition assertion, IReadOnlyList<object?> docs, IReadOnlyList<object?> selected) =>
        assertion.Validator.Validate(new ValidateContext(docs, selected, assertion.Not != assertion.Type.Antonym, renderError, failFast, compare));

    private static SortedDictionary<string, List<object?>> Select(SortedDictionary<string, List<object?>?> templates, DocumentSelector? selector, int documentIndex)
    {
        if (selector is { Path.Length: > 0 })
            return selector.Select(templates.ToDictionary(kv => kv.Key, kv => kv.Value ?? [], StringComparer.Ordinal));
        var selected = new SortedDictionary<string, List<object?>>(StringComparer.Ordinal);
        foreach (var (template, docs) in templates)
        {
            if (documentIndex == -1) { selected[template] = docs ?? []; continue; }
            if (docs is null || documentIndex >= docs.Count || documentIndex < 0)
                throw new SuiteException($"document index {documentIndex} is out of range");
            selected[template] = [docs[documentIndex]];
        }
        return selected;
    }

    private AssertionResult Result(int index, AssertionDefinition assertion, bool passed, List<string> info) =>
        new(index, assertion.Type.Name, assertion.Not, passed, false, "", Redacted(info));

    /// <summary>The failure lines, or, when any of them would show a decrypted value, only the lines that say where (never what).</summary>
    private List<string> Redacted(List<string> info)
    {
        if (secrets.IsEmpty || !info.Any(secrets.Matches)) return info;
        var kept = info.Where(l => l.StartsWith("Template:", StringComparison.Ordinal) || l.StartsWith("DocumentIndex:", StringComparison.Ordinal)
            || l.StartsWith("ValuesIndex:", StringComparison.Ordinal) || (l.StartsWith("Path:", StringComparison.Ordinal) && !secrets.Matches(l))).ToList();
        kept.Add("Expected/Actual:");
        kept.Add("\tnot shown: the value comes from a decrypted values file");
        return kept;
    }
}
