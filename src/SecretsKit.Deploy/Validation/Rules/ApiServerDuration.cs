using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// <c>format: duration</c> as the API server checks it (kube-openapi's strfmt): Go's <c>time.ParseDuration</c>, or a
/// lenient reading that accepts a string holding a number followed by a known unit word (<c>30s</c>, <c>1h30m</c>,
/// <c>5 min</c>, <c>2 days</c>, <c>PT1H</c>, …). Every Go duration other than <c>0</c> has such a number and unit, so the
/// lenient reading and a bare zero are the whole rule; no Go duration parser is needed here.
/// </summary>
internal static partial class ApiServerDuration
{
    // each unit's spellings: exact matches, and the last one also as a prefix (strfmt's table)
    private static readonly string[][] Units =
    [
        ["ns", "nano"], ["us", "µs", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"], ["h", "hr", "hour"], ["d", "day"], ["w", "wk", "week"],
    ];

    [GeneratedRegex(@"[0-9]+[\t\n\f\r ]*(?<unit>[A-Za-zµ]+)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberAndUnit();

    public static bool IsValid(string text)
    {
        if (text is "0" or "+0" or "-0") return true;
        foreach (Match m in NumberAndUnit().Matches(text))
        {
            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            foreach (var spellings in Units)
            {
                for (var i = 0; i < spellings.Length; i++)
                {
                    if (unit == spellings[i] || (i == spellings.Length - 1 && unit.StartsWith(spellings[i], StringComparison.Ordinal))) return true;
                }
            }
        }
        return false;
    }
}
