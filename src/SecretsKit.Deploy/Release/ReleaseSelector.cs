using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release;

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
        _alternatives.Count == 0 || _alternatives.Any(terms => terms.All(t => (Label(release, t.Key) == t.Value) == t.Equal));

    private static string? Label(ReleaseSpec release, string key) => key switch
    {
        "name" => release.Name,
        "namespace" => release.Namespace,
        "chart" => release.Chart,
        _ => release.Labels.TryGetValue(key, out var v) ? v : null,
    };
}
