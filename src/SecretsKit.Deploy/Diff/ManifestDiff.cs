using System.Text;

namespace SecretsKit.Deploy.Diff;

/// <summary>
/// Compares the deployed release's manifests with freshly rendered ones, object by object (matched on
/// namespace/name/kind/API group, like helm-diff), and prints a unified line diff per changed object under a header
/// such as <c>default, app, Deployment (apps) has changed:</c>. Unless <see cref="ManifestDiffOptions.ShowSecrets"/>,
/// no sensitive value reaches <see cref="ManifestDiffResult.Text"/>: Secret data shows as sizes and change status,
/// other lines holding a sensitive value (or its base64) as <c>key: (redacted, changed|unchanged)</c>.
/// </summary>
public static class ManifestDiff
{
    /// <summary>Secret values shorter than this are not hunted elsewhere in the manifests (they would match everywhere).</summary>
    private const int MinimumAutoSensitiveLength = 6;

    /// <param name="deployed">the manifests of the deployed release (<c>helm get manifest</c>), null when not installed</param>
    /// <param name="rendered">the output of <c>helm template</c></param>
    /// <param name="options">redaction and context</param>
    public static ManifestDiffResult Compare(string? deployed, string rendered, ManifestDiffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var before = ManifestDocument.Split(deployed, options.ReleaseNamespace);
        var after = ManifestDocument.Split(rendered, options.ReleaseNamespace);
        var matcher = new SensitiveMatcher(options.ShowSecrets ? Array.Empty<string>() : SensitiveValues(options, before.Concat(after)));
        var remaining = before.GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new Queue<ManifestDocument>(g), StringComparer.Ordinal);
        var text = new StringBuilder();
        int added = 0, removed = 0, changed = 0;
        foreach (var document in after)
        {
            if (remaining.TryGetValue(document.Key, out var queue) && queue.Count > 0)
            {
                var old = queue.Dequeue();
                if (old.SameAs(document)) continue;
                changed++;
                WriteChanged(text, old, document, options, matcher);
                continue;
            }
            added++;
            WriteWhole(text, document, "has been added:", "+ ", DiffSide.New, options, matcher);
        }
        foreach (var document in before.Where(d => remaining[d.Key].Contains(d)))
        {
            removed++;
            WriteWhole(text, document, "has been removed:", "- ", DiffSide.Old, options, matcher);
        }
        return new ManifestDiffResult(added + removed + changed > 0, text.ToString(), added, removed, changed);
    }

    private static void WriteChanged(StringBuilder text, ManifestDocument old, ManifestDocument current, ManifestDiffOptions options, SensitiveMatcher matcher)
    {
        var oldLines = View(old, current, DiffSide.Old, options, matcher);
        var newLines = View(current, old, DiffSide.New, options, matcher);
        var edits = LineDiff.Compute(oldLines, newLines);
        if (edits.All(e => e.Kind == EditKind.Equal))
        {
            text.Append(Header(current, matcher)).Append(" has changed, but the diff is empty after redaction.\n\n");
            return;
        }
        text.Append(Header(current, matcher)).Append(" has changed:\n");
        UnifiedHunks.Write(text, edits, oldLines, newLines, options.ContextLines);
        text.Append('\n');
    }

    private static void WriteWhole(StringBuilder text, ManifestDocument document, string verb, string prefix, DiffSide side,
        ManifestDiffOptions options, SensitiveMatcher matcher)
    {
        text.Append(Header(document, matcher)).Append(' ').Append(verb).Append('\n');
        foreach (var line in View(document, null, side, options, matcher)) text.Append(prefix).Append(line).Append('\n');
        text.Append('\n');
    }

    private static List<string> View(ManifestDocument document, ManifestDocument? counterpart, DiffSide side, ManifestDiffOptions options, SensitiveMatcher matcher) =>
        options.ShowSecrets ? document.Lines.ToList() : RedactedView.Render(document, counterpart, side, matcher);

    private static string Header(ManifestDocument document, SensitiveMatcher matcher) =>
        matcher.Matches(document.Key) ? RedactedView.Redacted : document.Key;

    /// <summary>The caller's values plus every Secret value in either manifest that is long enough to hunt for.</summary>
    private static IEnumerable<string> SensitiveValues(ManifestDiffOptions options, IEnumerable<ManifestDocument> documents)
    {
        var values = new List<string>(options.SensitiveValues.Where(v => !string.IsNullOrEmpty(v)));
        var strict = new UTF8Encoding(false, true);
        foreach (var document in documents.Where(d => d.IsSecret))
        {
            foreach (var bytes in SecretDataEntries.Values(document.Root!))
            {
                try
                {
                    var value = strict.GetString(bytes).Trim();
                    if (value.Length >= MinimumAutoSensitiveLength) values.Add(value);
                }
                catch (DecoderFallbackException)
                {
                    if (bytes.Length >= MinimumAutoSensitiveLength) values.Add(Convert.ToBase64String(bytes));
                }
            }
        }
        return values.Where(v => v.Length > 0);
    }
}
