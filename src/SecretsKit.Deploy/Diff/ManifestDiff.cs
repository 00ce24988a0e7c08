using System.Text;

namespace SecretsKit.Deploy.Diff;

/// <summary>How to compare: show secrets in clear, which strings are secret, how many unchanged lines to show around a change.</summary>
public sealed record ManifestDiffOptions(bool ShowSecrets, IReadOnlyCollection<string> SensitiveValues, int ContextLines = 3);

/// <summary>Whether anything changed, the printable diff, and counts of added / removed / changed lines.</summary>
public sealed record ManifestDiffResult(bool HasChanges, string Text, int Added, int Removed, int Changed);

/// <summary>
/// PLACEHOLDER owned by the diff-refs task (the lead replaces it with that branch's version at merge): a plain line diff
/// of the two manifest streams, with every sensitive value (and its base64 form) replaced by <c>REDACTED</c> unless
/// <see cref="ManifestDiffOptions.ShowSecrets"/>.
/// </summary>
public static class ManifestDiff
{
    public static ManifestDiffResult Compare(string? deployed, string rendered, ManifestDiffOptions options)
    {
        var before = deployed is null ? [] : Lines(deployed);
        var after = Lines(rendered);
        if (before.SequenceEqual(after, StringComparer.Ordinal)) return new ManifestDiffResult(false, "", 0, 0, 0);
        var ops = Script(before, after);
        var text = new StringBuilder();
        var added = 0;
        var removed = 0;
        for (var i = 0; i < ops.Count; i++)
        {
            var (kind, line) = ops[i];
            if (kind == ' ')
            {
                var near = false;
                for (var j = Math.Max(0, i - options.ContextLines); j <= Math.Min(ops.Count - 1, i + options.ContextLines) && !near; j++)
                    near = ops[j].Kind != ' ';
                if (near) text.Append("  ").Append(Redact(line, options)).Append('\n');
                continue;
            }
            if (kind == '+') added++;
            else removed++;
            text.Append(kind).Append(' ').Append(Redact(line, options)).Append('\n');
        }
        return new ManifestDiffResult(true, text.ToString(), added, removed, 0);
    }

    private static string[] Lines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private static string Redact(string line, ManifestDiffOptions options)
    {
        if (options.ShowSecrets) return line;
        foreach (var secret in options.SensitiveValues.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            line = line.Replace(secret, "REDACTED", StringComparison.Ordinal)
                .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), "REDACTED", StringComparison.Ordinal);
        }
        return line;
    }

    /// <summary>Longest-common-subsequence edit script (manifests are small; large inputs fall back to replace-all).</summary>
    private static List<(char Kind, string Line)> Script(string[] a, string[] b)
    {
        var ops = new List<(char, string)>();
        if ((long)a.Length * b.Length > 4_000_000)
        {
            ops.AddRange(a.Select(l => ('-', l)));
            ops.AddRange(b.Select(l => ('+', l)));
            return ops;
        }
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { ops.Add((' ', a[x])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) ops.Add(('-', a[x++]));
            else ops.Add(('+', b[y++]));
        }
        while (x < a.Length) ops.Add(('-', a[x++]));
        while (y < b.Length) ops.Add(('+', b[y++]));
        return ops;
    }
}
