namespace SecretsKit.Testing.Architecture;

/// <summary>
/// A project's allowed folder edges, as ARCHITECTURE.md writes them under <c>&lt;!-- layers: Project --&gt;</c>:
/// a table of <c>| `folder pattern` | `pattern`, `pattern` |</c> rows (<c>—</c> for none).
/// A pattern is <c>X</c> (that folder), <c>X/**</c> (X and every folder below it, one unit) or <c>X/*</c> (each
/// child of X with its subfolders, a unit of its own; X itself not included); <c>(root)</c> is the project's root
/// namespace. A folder belongs to its most specific row; edges inside one unit are free (cycles are still refused).
/// A row whose pattern is a file (<c>X/Registry.cs</c>) names a registration file instead: the type of that name in X may
/// reference the folders of its row (the extensions it registers, which depend on the contracts next to it), and those
/// edges are left out of the graph; its other edges count as X's.
/// </summary>
public sealed class LayerTable
{
    private readonly List<(string Pattern, string[] Allowed)> _rows;

    public LayerTable(IEnumerable<(string Pattern, string[] Allowed)> rows) => _rows = rows.ToList();

    public IReadOnlyList<(string Pattern, string[] Allowed)> Rows => _rows;

    /// <summary>The registration files: the folder and type name of each, with the folders it may register.</summary>
    public IReadOnlyList<(string Folder, string Type, string[] Registers)> Registrations =>
        _rows.Where(r => r.Pattern.EndsWith(".cs", StringComparison.Ordinal))
            .Select(r => (Path.GetDirectoryName(r.Pattern)?.Replace('\\', '/') ?? "", Path.GetFileNameWithoutExtension(r.Pattern), r.Allowed)).ToList();

    /// <summary>The table of <paramref name="project"/> in a markdown text; an empty table when the marker is missing.</summary>
    public static LayerTable FromMarkdown(string markdown, string project)
    {
        var lines = markdown.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.IndexOf($"<!-- layers: {project} -->");
        var rows = new List<(string, string[])>();
        if (start < 0) { return new LayerTable(rows); }
        foreach (var line in lines.Skip(start + 1).SkipWhile(l => l.Length == 0).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 2 || !cells[0].StartsWith('`')) { continue; }
            rows.Add((Unquote(cells[0]), cells[1].Split(',').Select(Unquote).Where(p => p.Length > 0 && p != "—").ToArray()));
        }
        return new LayerTable(rows);
    }

    private static string Unquote(string cell) => cell.Trim().Trim('`').Trim();

    /// <summary>Each edge the table does not allow, and each folder no row covers, as a readable line.</summary>
    public IReadOnlyList<string> Violations(FolderGraph graph)
    {
        var found = new List<string>();
        foreach (var (from, targets) in graph.Edges.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var row = RowOf(from);
            if (row is null) { found.Add($"folder {Show(from)} is in no row of the layer table"); continue; }
            foreach (var to in targets)
            {
                if (RowOf(to)?.Pattern == row.Value.Pattern && Unit(row.Value.Pattern, from) == Unit(row.Value.Pattern, to)) { continue; }
                if (row.Value.Allowed.Any(p => Matches(p, to))) { continue; }
                found.Add($"{Show(from)} → {Show(to)} is not allowed (row `{row.Value.Pattern}`): {graph.Example(from, to)}");
            }
        }
        return found;
    }

    private (string Pattern, string[] Allowed)? RowOf(string folder)
    {
        var matching = _rows.Where(r => Matches(r.Pattern, folder)).ToList();
        if (matching.Count == 0) { return null; }
        return matching.OrderByDescending(r => Specificity(r.Pattern)).First();
    }

    private static int Specificity(string pattern) =>
        pattern.EndsWith("/**", StringComparison.Ordinal) || pattern.EndsWith("/*", StringComparison.Ordinal)
            ? pattern.Count(c => c == '/') * 2 : pattern.Count(c => c == '/') * 2 + 1000;

    private static string Folder(string pattern) => pattern == "(root)" ? "" : pattern;

    public static bool Matches(string pattern, string folder)
    {
        if (pattern.EndsWith("/**", StringComparison.Ordinal))
        {
            var stem = Folder(pattern[..^3]);
            return folder == stem || folder.StartsWith(stem + "/", StringComparison.Ordinal) || stem.Length == 0;
        }
        if (pattern.EndsWith("/*", StringComparison.Ordinal))
        {
            var stem = Folder(pattern[..^2]);
            return stem.Length == 0 ? folder.Length > 0 : folder.StartsWith(stem + "/", StringComparison.Ordinal);
        }
        return folder == Folder(pattern);
    }

    private static string Unit(string pattern, string folder)
    {
        if (pattern.EndsWith("/**", StringComparison.Ordinal)) { return pattern; }
        if (!pattern.EndsWith("/*", StringComparison.Ordinal)) { return folder; }
        var stem = Folder(pattern[..^2]);
        var rest = stem.Length == 0 ? folder : folder[(stem.Length + 1)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return stem + "/" + (slash < 0 ? rest : rest[..slash]);
    }

    private static string Show(string folder) => folder.Length == 0 ? "(root)" : folder;
}
