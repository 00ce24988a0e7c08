using System.Text;
using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// Finds placeholders in rendered text: as made (<see cref="Placeholder.Exact"/>), and changed by a template function so
/// that they can no longer be put back: another case (<c>upper</c>, <c>title</c>), cut (<c>trunc</c>, <c>substr</c>) or
/// only a piece of the digest left (<see cref="PlaceholderTable.FragmentLength"/> hex digits or more). Base64 text is
/// looked into once (<c>b64enc</c> of a placeholder, alone or inside a longer string).
/// </summary>
public static partial class PlaceholderScanner
{
    /// <summary>One placeholder found as made: where, and what it stands for (null value when this run did not make it).</summary>
    public readonly record struct Hit(int Index, string Placeholder, string? Value, string? Key);

    /// <summary>A placeholder that cannot be put back: the values key when it could be told, and what happened to it.</summary>
    public readonly record struct Changed(string? Key, string How);

    /// <summary>The placeholders of <paramref name="text"/> as made, in order.</summary>
    public static List<Hit> Exact(string text, PlaceholderTable table)
    {
        var hits = new List<Hit>();
        foreach (Match m in Placeholder.Exact().Matches(text))
        {
            hits.Add(table.TryGet(m.Value, out var value, out var key) ? new Hit(m.Index, m.Value, value, key) : new Hit(m.Index, m.Value, null, null));
        }
        return hits;
    }

    /// <summary>
    /// <paramref name="text"/> with every placeholder this run made replaced by its value, also inside base64 text (a
    /// dockerconfigjson's <c>auth</c>, a <c>Basic</c> header); what cannot be put back goes to <paramref name="changed"/>,
    /// the values keys put back to <paramref name="used"/>.
    /// </summary>
    public static string Substitute(string text, PlaceholderTable table, List<Changed> changed, ISet<string> used)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var result = Substitute(bytes, table, changed, used);
        return ReferenceEquals(result, bytes) ? text : Encoding.UTF8.GetString(result);
    }

    /// <summary>
    /// As <see cref="Substitute(string, PlaceholderTable, List{Changed}, ISet{string})"/> over bytes (a Secret's
    /// base64-decoded data); the same array when nothing was put back.
    /// </summary>
    public static byte[] Substitute(byte[] data, PlaceholderTable table, List<Changed> changed, ISet<string> used)
    {
        // one char per byte: placeholders and base64 are ASCII, every other byte passes through as it is
        var text = Encoding.Latin1.GetString(data);
        var result = SubstituteLatin1(text, table, changed, used, nested: true);
        return ReferenceEquals(result, text) ? data : Encoding.Latin1.GetBytes(result);
    }

    /// <summary>The substitution over a string of bytes (Latin-1): base64 runs holding placeholders first (one level), then placeholders as made.</summary>
    private static string SubstituteLatin1(string text, PlaceholderTable table, List<Changed> changed, ISet<string> used, bool nested)
    {
        var edits = new List<(int Index, int Length, string Replacement)>();
        if (nested)
        {
            foreach (Match run in Base64Run().Matches(text))
            {
                if (Decode(run.Value) is not { } decoded || !Exact(decoded, table).Any(h => h.Value is not null)) continue;
                var inner = SubstituteLatin1(decoded, table, changed, used, nested: false);
                edits.Add((run.Index, run.Length, Convert.ToBase64String(Encoding.Latin1.GetBytes(inner))));
            }
        }
        foreach (var hit in Exact(text, table).Where(h => h.Value is not null && !edits.Any(e => h.Index >= e.Index && h.Index < e.Index + e.Length)))
        {
            edits.Add((hit.Index, Placeholder.Length, Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(hit.Value!))));
            used.Add(hit.Key!);
        }
        var chars = text.ToCharArray();
        foreach (var (index, length, _) in edits) Array.Fill(chars, ' ', index, length);
        FindChanged(new string(chars), table, changed, lookInsideBase64: nested);
        if (edits.Count == 0) return text;
        var sb = new StringBuilder(text.Length);
        var last = 0;
        foreach (var (index, length, replacement) in edits.OrderBy(e => e.Index))
        {
            sb.Append(text, last, index - last).Append(replacement);
            last = index + length;
        }
        return sb.Append(text, last, text.Length - last).ToString();
    }

    /// <summary>
    /// Everything in <paramref name="text"/> that is or was a placeholder, in any form: as made (<paramref name="exact"/>),
    /// changed (<paramref name="changed"/>); base64 runs are decoded and looked into.
    /// </summary>
    public static void FindAll(string text, PlaceholderTable table, List<Hit> exact, List<Changed> changed)
    {
        var hits = Exact(text, table);
        exact.AddRange(hits);
        FindChanged(Masked(text, hits), table, changed, lookInsideBase64: true, exact);
    }

    private static void FindChanged(string text, PlaceholderTable table, List<Changed> changed, bool lookInsideBase64, List<Hit>? exact = null)
    {
        var start = 0;
        while ((start = text.IndexOf(Placeholder.Prefix, start, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = start + Placeholder.Prefix.Length;
            while (end < text.Length && end - start < Placeholder.Length && char.IsAsciiHexDigit(text[end])) end++;
            var prefix = text[start..end].ToLowerInvariant();
            var key = table.KeyOfPrefix(prefix);
            changed.Add(new Changed(key, end - start < Placeholder.Length ? "cut short" : table.TryGet(prefix, out _, out _) ? "changed in case" : "not made by this run"));
            start = end;
        }
        foreach (Match run in HexRun().Matches(text))
        {
            if (table.KeyOfFragment(run.Value.ToLowerInvariant()) is { } key) changed.Add(new Changed(key, "only a piece of it left"));
        }
        if (!lookInsideBase64) return;
        foreach (Match run in Base64Run().Matches(text))
        {
            if (Decode(run.Value) is not { } decoded) continue;
            var inner = Exact(decoded, table);
            exact?.AddRange(inner.Select(h => h with { Index = run.Index }));
            FindChanged(Masked(decoded, inner), table, changed, lookInsideBase64: false);
        }
    }

    /// <summary>The text of a base64 run (padded or not), or null when it is not base64 of UTF-8-ish text holding a placeholder's start or a hex run.</summary>
    private static string? Decode(string run)
    {
        var padded = run.TrimEnd('=');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try
        {
            var text = Encoding.Latin1.GetString(Convert.FromBase64String(padded));
            return text.Contains(Placeholder.Prefix, StringComparison.OrdinalIgnoreCase) || HexRun().IsMatch(text) ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Masked(string text, IEnumerable<Hit> hits)
    {
        var chars = text.ToCharArray();
        foreach (var hit in hits) Array.Fill(chars, ' ', hit.Index, Placeholder.Length);
        return new string(chars);
    }

    [GeneratedRegex("[0-9a-fA-F]{12,}", RegexOptions.CultureInvariant)]
    private static partial Regex HexRun();

    [GeneratedRegex("[A-Za-z0-9+/]{16,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Run();
}
