using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Charts;

/// <summary>
/// Unpacks a packaged chart (<c>helm package</c>'s <c>.tgz</c>) into a directory, read as an attacker's archive with
/// helm's loader rules: the first path part of every entry is dropped (the chart's folder, whatever its name), a
/// <c>Chart.yaml</c> outside a folder, an absolute path, a path that leaves the chart (<c>..</c>) or names a drive is
/// refused, and so is every entry that is neither a file nor a folder (symbolic and hard links, devices). Budgets
/// (<see cref="ChartArchiveBudget.Helm"/>: helm's sizes, a file count, and the decompressed stream itself, tar headers
/// included) are checked before anything past them is written or held, so a gzip bomb stops early.
/// </summary>
internal static partial class ChartArchive
{
    /// <summary>Unpacks <paramref name="archive"/> (shown in errors as <paramref name="shown"/>) into <paramref name="target"/> (created; meant to be a fresh folder in a private directory).</summary>
    public static void Extract(string archive, string target, string shown, ChartArchiveBudget? budget = null)
    {
        budget ??= ChartArchiveBudget.Helm;
        using var file = OpenGzip(archive, shown);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        // the decompressed stream, refused past a byte budget (a PAX or long-name header is read whole into memory)
        using var bounded = new BoundedStream(gzip, budget.StreamBytes,
            () => new ChartArchiveException($"{shown}: the chart is over the unpack budget ({Size(budget.StreamBytes)} decompressed)"));
        Directory.CreateDirectory(target);
        try
        {
            using var tar = new TarReader(bounded);
            Entries(tar, Path.GetFullPath(target), shown, budget);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ChartArchiveException($"{shown}: not a valid chart archive ({e.Message})");
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new ChartArchiveException($"{shown}: cannot unpack the chart ({e.Message})");
        }
    }

    private static FileStream OpenGzip(string archive, string shown)
    {
        var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> magic = stackalloc byte[3];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (read < 3 || magic[0] != 0x1F || magic[1] != 0x8B || magic[2] != 0x08)
        {
            file.Dispose();
            throw new ChartArchiveException($"file '{shown}' does not appear to be a gzipped archive");
        }
        file.Position = 0;
        return file;
    }

    private static void Entries(TarReader tar, string target, string shown, ChartArchiveBudget budget)
    {
        var (files, bytes) = (0, 0L);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes) continue;
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                throw new ChartArchiveException($"{shown}: {Printable(entry.Name)} is a {Kind(entry.EntryType)}, which a chart archive may not hold");
            var relative = RelativePath(entry.Name, shown);
            if (entry.Length > budget.FileBytes)
                throw new ChartArchiveException($"{shown}: {relative} is larger than the maximum file size ({Size(budget.FileBytes)})");
            bytes += entry.Length;
            if (++files > budget.Files || bytes > budget.ChartBytes)
                throw new ChartArchiveException($"{shown}: the chart is over the unpack budget ({budget.Files} files, {Size(budget.ChartBytes)})");
            var to = Path.GetFullPath(Path.Combine(target, relative));
            if (!to.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new ChartArchiveException($"{shown}: {Printable(entry.Name)} leaves the chart");
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            using var output = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.None);
            entry.DataStream?.CopyTo(output);
        }
        if (files == 0) throw new ChartArchiveException($"{shown}: no files in chart archive");
    }

    /// <summary>The entry's path inside the chart, as helm's loader makes it (its folder dropped, cleaned), or the loader's refusal.</summary>
    private static string RelativePath(string name, string shown)
    {
        var delimiter = name.Contains('\\', StringComparison.Ordinal) ? '\\' : '/';
        var parts = name.Split(delimiter);
        var path = string.Join('/', parts.Skip(1));
        if (path.StartsWith('/')) throw new ChartArchiveException($"{shown}: chart illegally contains absolute paths ({Printable(name)})");
        path = Clean(path);
        if (path == ".") throw new ChartArchiveException($"{shown}: chart illegally contains content outside the base directory ({Printable(name)})");
        if (path.StartsWith("..", StringComparison.Ordinal)) throw new ChartArchiveException($"{shown}: chart illegally references parent directory ({Printable(name)})");
        if (DrivePath().IsMatch(path) || path.Contains('\0', StringComparison.Ordinal))
            throw new ChartArchiveException($"{shown}: chart contains illegally named files ({Printable(name)})");
        if (parts[0] == "Chart.yaml") throw new ChartArchiveException($"{shown}: chart yaml not in base directory");
        return path;
    }

    /// <summary>Go's <c>path.Clean</c> of a relative path: empty and <c>.</c> parts dropped, <c>..</c> taking back a part when it can.</summary>
    private static string Clean(string path)
    {
        var kept = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && kept.Count > 0 && kept[^1] != "..") kept.RemoveAt(kept.Count - 1);
            else kept.Add(part);
        }
        return kept.Count == 0 ? "." : string.Join('/', kept);
    }

    private static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    private static string Kind(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "symbolic link",
        TarEntryType.HardLink => "hard link",
        _ => type.ToString(),
    };

    private static string Printable(string name) => name.Length > 200 || name.Any(char.IsControl) ? string.Concat(name.Take(200).Select(c => char.IsControl(c) ? '?' : c)) : name;

    [GeneratedRegex("^[a-zA-Z]:/", RegexOptions.CultureInvariant)]
    private static partial Regex DrivePath();
}
