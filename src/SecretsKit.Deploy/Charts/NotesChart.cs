using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;

namespace SecretsKit.Deploy.Charts;

/// <summary>
/// A chart copied so that one <c>helm template</c> prints its NOTES.txt too: what helm's loader reads of the chart
/// (<c>.helmignore</c> applied), its files hard-linked where the file system allows (else copied), symbolic links
/// re-made to what they point at (helm follows them), except that the top chart's <c>templates/NOTES.txt</c> is
/// replaced by its <see cref="TextStandIn"/>. <see cref="Split"/> takes that document back out of helm's output, so the
/// manifests are what the original chart renders. Subcharts' NOTES.txt stay as they are (helm shows only the top
/// chart's by default). The copy has budgets.
/// </summary>
internal static partial class NotesChart
{
    private const int MaxFiles = 20_000;
    private const long MaxBytes = 256L << 20;

    /// <summary>The chart-relative path of the NOTES.txt stand-in document in a copy (for helm's <c>--show-only</c>).</summary>
    public const string StandInTemplate = "templates/" + TextStandIn.FilePrefix + "0.yaml";

    /// <summary>Whether the chart directory has a NOTES.txt for helm to render.</summary>
    public static bool HasNotes(string chart) => File.Exists(Path.Combine(chart, "templates", "NOTES.txt"));

    /// <summary>Copies <paramref name="chart"/> into <paramref name="target"/> with its NOTES.txt as a stand-in document.</summary>
    public static void Write(string chart, string target)
    {
        var budget = new Budget();
        var root = Path.GetFullPath(chart);
        Copy(new DirectoryInfo(root), target, "", new Walk(IgnoreRules(root), budget), depth: 0);
        PlaceStandIn(Path.Combine(root, "templates", "NOTES.txt"), Path.Combine(target, "templates"), budget);
    }

    /// <summary>
    /// Gives a packaged chart (a local <c>.tgz</c>) its stand-in: unpacked by <see cref="ChartArchive"/> into
    /// <paramref name="target"/> (a fresh folder in a private directory, with helm's loader rules and budgets), its NOTES.txt
    /// replaced there. False when the archive is not one helm could load either (helm then says why, rendering the
    /// original) or has no NOTES.txt.
    /// </summary>
    public static bool WriteUnpacked(string archive, string target)
    {
        try
        {
            ChartArchive.Extract(archive, target, archive);
        }
        catch (ChartArchiveException)
        {
            return false;
        }
        var notes = Path.Combine(target, "templates", "NOTES.txt");
        if (!File.Exists(notes)) return false;
        PlaceStandIn(notes, Path.Combine(target, "templates"), new Budget());
        File.Delete(notes);
        return true;
    }

    /// <summary>Writes the stand-in of the NOTES.txt at <paramref name="notes"/> into <paramref name="templates"/>.</summary>
    private static void PlaceStandIn(string notes, string templates, Budget budget)
    {
        var text = BoundedFile.ReadText(notes, notes);
        if (text.StartsWith('\uFEFF')) text = text[1..]; // helm's loaders drop a UTF-8 BOM from every file
        budget.Count(text.Length * 2L);
        // a chart file of a stand-in's name is a link to the chart's own file: unlinked, never written through
        foreach (var (file, _) in TextStandIn.Files("", "0", "")) File.Delete(Path.Combine(templates, file));
        TextStandIn.Write(text, templates, "0", "templates/NOTES.txt");
    }

    /// <summary>
    /// helm's output without the NOTES.txt stand-in, and the rendered NOTES.txt with its template path
    /// (<c>chart/templates/NOTES.txt</c>, beside the stand-in); null when helm printed no stand-in.
    /// </summary>
    public static (string Manifests, string? Template, string? Notes) Split(string rendered)
    {
        foreach (Match m in SourceHeader().Matches(rendered))
        {
            var source = m.Groups[1].Value.TrimEnd('\r');
            if (source.Contains("/charts/", StringComparison.Ordinal) || !source.EndsWith("/templates/" + TextStandIn.FilePrefix + "0.yaml", StringComparison.Ordinal)) continue;
            var bodyStart = m.Index + m.Length;
            var next = rendered.IndexOf("\n---", bodyStart, StringComparison.Ordinal);
            var end = next < 0 ? rendered.Length : next + 1;
            if (!TextStandIn.TryRead(rendered[bodyStart..end], out _, out var text)) continue;
            var template = source[..source.LastIndexOf('/')] + "/NOTES.txt";
            return (rendered[..m.Index] + rendered[end..], template, text);
        }
        return (rendered, null, null);
    }

    /// <summary>The chart's <c>.helmignore</c>; null when helm cannot read it either (helm then says why, from the copy's own file).</summary>
    private static HelmIgnore? IgnoreRules(string chart)
    {
        try
        {
            return HelmIgnore.ForChart(chart);
        }
        catch (ChartIgnoreException)
        {
            return null;
        }
    }

    /// <summary>What one copy walks with: helm's ignore rules and the budget.</summary>
    private sealed record Walk(HelmIgnore? Ignore, Budget Budget);

    /// <summary>
    /// What helm's loader reads below <paramref name="source"/> (<paramref name="relative"/> in the chart): files
    /// <c>.helmignore</c> leaves out and the NOTES.txt are not copied, files are hard links where the file system allows
    /// (none is modified), symbolic links re-made, not followed, except a linked <c>templates</c> folder, which is copied
    /// (the stand-in is written there).
    /// </summary>
    private static void Copy(DirectoryInfo source, string target, string relative, Walk walk, int depth)
    {
        if (depth > 64) throw new SecretsKitException(ExitCodes.Generic, $"{source.FullName}: the chart's folders are nested too deep");
        Directory.CreateDirectory(target);
        foreach (var entry in source.EnumerateFileSystemInfos())
        {
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            var to = Path.Combine(target, entry.Name);
            var link = (entry.Attributes & FileAttributes.ReparsePoint) != 0 ? entry.LinkTarget : null;
            var directory = link is null ? entry is DirectoryInfo : Directory.Exists(entry.FullName);
            if (path == "templates/NOTES.txt" || walk.Ignore?.Ignores(path, directory) == true) continue;
            walk.Budget.Count(link is null && entry is FileInfo f ? f.Length : 0);
            if (link is not null && directory && path == "templates") Copy(new DirectoryInfo(Path.GetFullPath(link, source.FullName)), to, path, walk, depth + 1); // the stand-in goes in there
            else if (link is not null) File.CreateSymbolicLink(to, Path.GetFullPath(link, source.FullName));
            else if (entry is DirectoryInfo d) Copy(d, to, path, walk, depth + 1);
            else HardLink.CreateOrCopy(entry.FullName, to);
        }
    }

    private sealed class Budget
    {
        private long _files;
        private long _bytes;

        public void Count(long bytes)
        {
            _files++;
            _bytes += bytes;
            if (_files > MaxFiles || _bytes > MaxBytes)
                throw new SecretsKitException(ExitCodes.Generic, $"the chart is over the copy budget ({MaxFiles} files, {MaxBytes >> 20} MiB)");
        }
    }

    [GeneratedRegex(@"^---\n# Source: (.*)$", RegexOptions.Multiline)]
    private static partial Regex SourceHeader();
}
