using System.Globalization;
using SecretsKit.Deploy.Charts;
using SecretsKit.Deploy.UnitTest.Rendering;
using SecretsKit.Deploy.UnitTest.Suites;
using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// <c>--chart-tests-path DIR</c>: a chart inside the chart under test (<c>DIR</c>, relative to it) whose templates render
/// suites, as helm-unittest reads them. The chart renders once with the real helm under helm-unittest's release
/// <c>TEST-SUITE-RELEASE</c> in <c>NAMESPACE</c> with its own values; each template's documents are suites that must
/// name themselves, read as if from the template's own file (so <c>__snapshot__/</c> sits beside it), numbered from 0
/// when they set no <c>snapshotId</c>. A template that renders nothing, or no suite, is an error; files the tests
/// chart's <c>.helmignore</c> leaves out (its <c>__snapshot__/</c>) are no templates. No such folder: no
/// rendered suites.
/// </summary>
internal static class RenderedSuites
{
    public const string Namespace = "NAMESPACE";

    public static async Task<List<SuiteDefinition>> ReadAsync(ChartRenderer renderer, string chartDirectory, string testsPath, bool strict,
        CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(Path.Combine(chartDirectory, testsPath)); // joined as Go joins: a packaged chart's path is a name, not a folder
        if (!Directory.Exists(directory)) return [];
        var name = ChartName.Read(directory);
        var request = new RenderRequest(directory, name, name, ["**"], [], "", ChartRenderer.TestSuiteReleaseName, Namespace, false, "", [], "", "");
        var rendered = await renderer.RenderAsync(request, cancellationToken);
        if (!rendered.Succeeded) throw new SuiteException($"{testsPath}: {rendered.Error}");
        var ignore = HelmIgnore.ForChart(directory);
        var suites = new List<SuiteDefinition>();
        var errors = new List<string>();
        foreach (var (template, text) in rendered.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var relative = template.StartsWith(name + "/", StringComparison.Ordinal) ? template[(name.Length + 1)..] : template;
            if (Path.GetFileName(template).StartsWith('_') || ignore.IgnoresFile(relative)) continue;
            var file = Path.Combine(directory, relative);
            List<SuiteDefinition> found;
            try
            {
                found = text.Trim().Length == 0 ? [] : SuiteReader.ReadText(text, file, strict, rendered: true);
            }
            catch (SuiteException e)
            {
                errors.Add($"test suite template ({template}) error: {e.Message}");
                continue;
            }
            if (found.Count == 0) errors.Add($"test suite template ({template}) file did not render a manifest");
            suites.AddRange(found.Select((s, i) => s.SnapshotId.Length > 0 ? s : s with { SnapshotId = i.ToString(CultureInfo.InvariantCulture) }));
        }
        if (errors.Count > 0) throw new SuiteException(string.Join("\n", errors));
        return suites;
    }
}
