using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// helmfile's <c>-l</c> selectors: within one selector every <c>key=value</c> / <c>key!=value</c> (comma-separated) must
/// hold; several selectors are alternatives. <c>name</c>, <c>namespace</c> and <c>chart</c> are implicit labels.
/// </summary>
public sealed class ReleaseSelector
{
    private readonly IReadOnlyList<IReadOnlyList<(string Key, string Value, bool Equal)>> _alternatives;

    private ReleaseSelector(IReadOnlyList<IReadOnlyList<(string, string, bool)>> alternatives) => _alternatives = alternatives;

    public static ReleaseSelector All { get; } = new([]);

    public static ReleaseSelector Parse(IEnumerable<string> selectors)
    {
        var alternatives = new List<IReadOnlyList<(string, string, bool)>>();
        foreach (var selector in selectors)
        {
            var terms = new List<(string, string, bool)>();
            foreach (var term in selector.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
                var equal = term.IndexOf('=', StringComparison.Ordinal);
                var (key, value, isEqual) = notEqual > 0 ? (term[..notEqual], term[(notEqual + 2)..], false)
                    : equal > 0 ? (term[..equal], term[(equal + 1)..], true)
                    : throw new SecretsKitException(ExitCodes.Generic, $"bad selector '{term}'", "use -l key=value or -l key!=value");
                terms.Add((key.Trim(), value.Trim(), isEqual));
            }
            if (terms.Count == 0) throw new SecretsKitException(ExitCodes.Generic, "empty selector", "use -l key=value");
            alternatives.Add(terms);
        }
        return new ReleaseSelector(alternatives);
    }

    public bool Matches(ReleaseSpec release) =>
        _alternatives.Count == 0 || _alternatives.Any(terms => terms.All(t => Has(release, t.Key, t.Value) == t.Equal));

    /// <summary>Whether the label is that value; <c>chart</c> matches helmfile's last segment, or the chart as written.</summary>
    private static bool Has(ReleaseSpec release, string key, string value) =>
        Label(release, key) == value || (key == "chart" && release.Chart == value);

    private static string? Label(ReleaseSpec release, string key) => key switch
    {
        "name" => release.Name,
        "namespace" => release.Namespace,
        "chart" => ChartLabel(release.Chart),
        _ => release.Labels.TryGetValue(key, out var v) ? v : null,
    };

    /// <summary>helmfile's implicit <c>chart</c> label: the chart's last path segment (<c>stable/newrelic</c> → <c>newrelic</c>).</summary>
    public static string ChartLabel(string chart) => chart[(chart.LastIndexOf('/') + 1)..];

    /// <summary>The release's labels with helmfile's implicit <c>name</c>, <c>namespace</c> and <c>chart</c> (which win).</summary>
    public static IReadOnlyDictionary<string, string> AllLabels(ReleaseSpec release) =>
        new Dictionary<string, string>(release.Labels, StringComparer.Ordinal)
        {
            ["name"] = release.Name,
            ["namespace"] = release.Namespace,
            ["chart"] = ChartLabel(release.Chart),
        };
}
