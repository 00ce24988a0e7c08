using System.Text.RegularExpressions;

namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// A Masterminds/semver constraint (what sprig's <c>semverCompare</c> takes): alternatives joined by <c>||</c>, each a
/// set of comparisons joined by commas or spaces; operators <c>= != &gt; &lt; &gt;= &lt;= ~ ^</c>, wildcards <c>x X *</c>
/// and hyphen ranges <c>1.2 - 1.4</c>. A prerelease version only matches a comparison that itself names a prerelease.
/// </summary>
public sealed partial class SemverConstraint
{
    [GeneratedRegex(@"^\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*v?([0-9xX*]+)(?:\.([0-9xX*]+))?(?:\.([0-9xX*]+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Term();

    [GeneratedRegex(@"\s*-\s+|\s+-\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Hyphen();

    private readonly List<List<Func<Semver, bool>>> _alternatives;

    private SemverConstraint(List<List<Func<Semver, bool>>> alternatives) => _alternatives = alternatives;

    public bool Matches(Semver v) => _alternatives.Any(all => all.All(check => check(v)));

    public static SemverConstraint Parse(string text)
    {
        var alternatives = new List<List<Func<Semver, bool>>>();
        foreach (var alternative in text.Split("||"))
        {
            var checks = new List<Func<Semver, bool>>();
            var parts = Hyphen().Split(alternative.Trim());
            if (parts.Length == 2)
            {
                checks.Add(Comparison(">=", parts[0], text));
                checks.Add(Comparison("<=", parts[1], text));
            }
            else
            {
                var normalized = Regex.Replace(alternative, @"(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)\s+", "$1", RegexOptions.CultureInvariant);
                foreach (var term in normalized.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var m = Term().Match(term);
                    if (!m.Success) throw new TemplateFunctionException($"improper constraint: {text}");
                    checks.Add(Comparison(m.Groups[1].Value, term[m.Groups[2].Index..].TrimStart('v'), text));
                }
            }
            if (checks.Count == 0) throw new TemplateFunctionException($"improper constraint: {text}");
            alternatives.Add(checks);
        }
        return new SemverConstraint(alternatives);
    }

    private static bool Wild(string s) => s is "x" or "X" or "*";

    private static Func<Semver, bool> Comparison(string op, string versionText, string whole)
    {
        var m = Term().Match(versionText);
        if (!m.Success) throw new TemplateFunctionException($"improper constraint: {whole}");
        var parts = new[] { m.Groups[2], m.Groups[3], m.Groups[4] }.Select(g => g.Success ? g.Value : "x").ToArray();
        var precision = parts.TakeWhile(p => !Wild(p)).Count();
        long P(int i) => i < precision ? long.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var prerelease = m.Groups[5].Success ? m.Groups[5].Value[1..] : "";
        var low = new Semver(P(0), P(1), P(2), prerelease);
        // the first version above the wildcard range: 1.2.x → 1.3.0
        var high = precision switch
        {
            0 => null,
            1 => new Semver(low.Major + 1, 0, 0, ""),
            2 => new Semver(low.Major, low.Minor + 1, 0, ""),
            _ => null,
        };
        bool PreOk(Semver v) => v.Prerelease.Length == 0 || (prerelease.Length > 0 && v.Major == low.Major && v.Minor == low.Minor && v.Patch == low.Patch);
        bool InWild(Semver v) => v.CompareTo(low) >= 0 && (high is null ? precision == 0 || v.CompareTo(low) == 0 : v.CompareTo(high) < 0);
        return op switch
        {
            "" or "=" => v => PreOk(v) && (precision == 3 ? v.CompareTo(low) == 0 : InWild(v)),
            "!=" => v => PreOk(v) && !(precision == 3 ? v.CompareTo(low) == 0 : InWild(v)),
            ">" => v => PreOk(v) && (high is null ? precision > 0 && v.CompareTo(low) > 0 : v.CompareTo(high) >= 0),
            ">=" or "=>" => v => PreOk(v) && v.CompareTo(low) >= 0,
            "<" => v => PreOk(v) && v.CompareTo(low) < 0,
            "<=" or "=<" => v => PreOk(v) && (high is null ? v.CompareTo(low) <= 0 : v.CompareTo(high) < 0),
            "~" or "~>" => v => PreOk(v) && v.CompareTo(low) >= 0 && v.CompareTo(precision <= 1 ? new Semver(low.Major + 1, 0, 0, "") : new Semver(low.Major, low.Minor + 1, 0, "")) < 0,
            "^" => v => PreOk(v) && v.CompareTo(low) >= 0 && v.CompareTo(CaretCeiling(low, precision)) < 0,
            _ => throw new TemplateFunctionException($"improper constraint: {whole}"),
        };
    }

    private static Semver CaretCeiling(Semver low, int precision) =>
        low.Major > 0 || precision <= 1 ? new Semver(low.Major + 1, 0, 0, "")
        : low.Minor > 0 || precision == 2 ? new Semver(0, low.Minor + 1, 0, "")
        : new Semver(0, 0, low.Patch + 1, "");
}
