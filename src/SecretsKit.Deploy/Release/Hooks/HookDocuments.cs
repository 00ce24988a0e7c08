using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Release.Hooks;

/// <summary>
/// <c>helm get manifest</c> stores no hook resources (tests, pre/post-install jobs) and no CRDs from a chart's
/// <c>crds/</c> directory, while <c>helm template --include-crds</c> renders them (the validate stage needs the CRDs):
/// they are dropped from the rendering before diffing, or every diff would show them as new.
/// </summary>
public static partial class HookDocuments
{
    [GeneratedRegex(@"^---[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^\s+[""']?helm\.sh/hook[""']?\s*:", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex HookAnnotation();

    [GeneratedRegex(@"^# Source: [^/\r\n]+/crds/", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ChartCrd();

    public static string Remove(string manifests)
    {
        if (!HookAnnotation().IsMatch(manifests) && !ChartCrd().IsMatch(manifests)) return manifests;
        var kept = new List<string>();
        var start = 0;
        foreach (Match m in Separator().Matches(manifests))
        {
            kept.Add(manifests[start..m.Index]);
            start = m.Index;
        }
        kept.Add(manifests[start..]);
        return string.Concat(kept.Where(doc => !HookAnnotation().IsMatch(doc) && !ChartCrd().IsMatch(doc)));
    }
}
