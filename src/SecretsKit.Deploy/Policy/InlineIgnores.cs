using System.Text.RegularExpressions;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// Trivy's inline ignore comments for Helm output: <c># trivy:ignore:KSV017</c> (several on one line, each optionally
/// <c>:exp:YYYY-MM-DD</c>) placed before the YAML object. Read from the comment lines that open a document (after
/// <c>---</c>, with helm's <c># Source:</c> line); they apply to every finding of that object. <c>*</c> ignores every check.
/// </summary>
internal sealed partial class InlineIgnores
{
    public static readonly InlineIgnores None = new([]);

    private readonly List<(string Id, DateOnly? Expires)> _rules;

    private InlineIgnores(List<(string, DateOnly?)> rules) => _rules = rules;

    [GeneratedRegex(@"trivy:ignore:(?<id>[^\s:]+)(?::exp:(?<exp>\d{4}-\d{2}-\d{2}))?", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();

    /// <summary>The rules in the comment lines starting at line <paramref name="line"/> (1-based) of <paramref name="lines"/>.</summary>
    public static InlineIgnores Read(string[] lines, int line)
    {
        var rules = new List<(string, DateOnly?)>();
        for (var i = Math.Max(0, line - 1); i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (i == line - 1 && text.StartsWith("---", StringComparison.Ordinal)) continue;
            if (text.Length == 0) continue;
            if (!text.StartsWith('#')) break;
            foreach (Match m in Rule().Matches(text))
            {
                DateOnly? expires = m.Groups["exp"].Success && DateOnly.TryParseExact(m.Groups["exp"].Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var d) ? d : null;
                rules.Add((m.Groups["id"].Value, expires));
            }
        }
        return rules.Count == 0 ? None : new InlineIgnores(rules);
    }

    public bool Ignores(PolicyCheck check, DateOnly today) =>
        _rules.Any(r => (r.Expires is null || today < r.Expires) && (r.Id == "*" || check.IsNamed(r.Id)));

    /// <summary>Whether a rule that has not expired names <paramref name="id"/> exactly (an admission policy's name) or is <c>*</c>.</summary>
    public bool IgnoresId(string id, DateOnly today) =>
        _rules.Any(r => (r.Expires is null || today < r.Expires) && (r.Id == "*" || string.Equals(r.Id, id, StringComparison.Ordinal)));
}
