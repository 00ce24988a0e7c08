namespace SecretsKit.Deploy.Policy;

/// <summary>
/// A <c>.trivyignore</c> as Trivy reads it: one ID a line (<c>KSV017</c>, <c>AVD-KSV-0017</c> or <c>KSV-0017</c>),
/// <c>#</c> comments and blank lines skipped, an optional <c>exp:YYYY-MM-DD</c> after the ID after which the entry no
/// longer applies (an entry is ignored through its expiry date's eve, as Trivy compares with the current time).
/// </summary>
public sealed class TrivyIgnoreFile
{
    private readonly List<(string Id, DateOnly? Expires)> _entries;

    private TrivyIgnoreFile(List<(string, DateOnly?)> entries) => _entries = entries;

    public int Count => _entries.Count;

    /// <summary>Parses the file's text; a malformed expiry is a <see cref="FormatException"/> naming its line.</summary>
    public static TrivyIgnoreFile Parse(string text)
    {
        var entries = new List<(string, DateOnly?)>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            DateOnly? expires = null;
            foreach (var field in fields.Skip(1))
            {
                if (!field.StartsWith("exp:", StringComparison.Ordinal)) continue;
                if (!DateOnly.TryParseExact(field[4..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                {
                    throw new FormatException($"line {number}: exp: needs a date as YYYY-MM-DD");
                }
                expires = date;
            }
            entries.Add((fields[0], expires));
        }
        return new TrivyIgnoreFile(entries);
    }

    /// <summary>Whether an entry that has not expired on <paramref name="today"/> names the check.</summary>
    internal bool Ignores(Model.PolicyCheck check, DateOnly today) =>
        _entries.Any(e => (e.Expires is null || today < e.Expires) && check.IsNamed(e.Id));

    /// <summary>Whether an entry that has not expired on <paramref name="today"/> is exactly <paramref name="id"/> (an admission policy's name).</summary>
    internal bool IgnoresId(string id, DateOnly today) =>
        _entries.Any(e => (e.Expires is null || today < e.Expires) && string.Equals(e.Id, id, StringComparison.Ordinal));
}
