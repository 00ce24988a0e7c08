using System.Text;
using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// Which templates a test renders, as helm-unittest selects them: a name without <c>templates/</c>, <c>charts/</c>,
/// <c>crds/</c> or <c>**</c> in front gets <c>templates/</c>; the route (chart name, <c>parent/charts/child</c>) goes in
/// front; <c>**</c> and <c>*</c> are wildcards and the match is unanchored, as Go's <c>regexp.MatchString</c> is.
/// Helpers (<c>_*</c>) are always kept.
/// </summary>
internal static class TemplateSelection
{
    public static string TemplateFileName(string name) =>
        name.StartsWith("templates", StringComparison.Ordinal) || name.StartsWith("charts", StringComparison.Ordinal)
        || name.StartsWith("crds", StringComparison.Ordinal) || name.StartsWith("**", StringComparison.Ordinal)
            ? name
            : "templates/" + name;

    /// <summary>Whether the template at <paramref name="templatePath"/> (route + name) is rendered.</summary>
    public static bool Keep(string templatePath, string route, IReadOnlyList<string> selected, IReadOnlyList<string> excluded)
    {
        if (Path.GetFileName(templatePath).StartsWith('_')) return true;
        return selected.Any(s => Matches(s, route, templatePath)) && !excluded.Any(s => Matches(s, route, templatePath));
    }

    private static bool Matches(string name, string route, string templatePath) =>
        Regex.IsMatch(templatePath, Pattern(Join(route, TemplateFileName(name))), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Joins route and name as Go's <c>filepath.Join</c> does (cleaning <c>./</c> and duplicate slashes).</summary>
    public static string Join(string a, string b)
    {
        var parts = new List<string>();
        foreach (var p in (a + "/" + b).Split('/'))
        {
            if (p.Length == 0 || p == ".") continue;
            if (p == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(p);
        }
        return string.Join('/', parts);
    }

    private static string Pattern(string fileName)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < fileName.Length; i++)
        {
            var c = fileName[i];
            if (c == '*' && i + 1 < fileName.Length && fileName[i + 1] == '*') { sb.Append(@"[0-9a-zA-Z_\-/\.]+"); i++; }
            else if (c == '*') sb.Append(@"[0-9a-zA-Z_\-_/\.]*");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
