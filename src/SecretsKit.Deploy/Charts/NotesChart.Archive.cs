using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;

namespace SecretsKit.Deploy.Charts;

/// <summary>A packaged chart (a local <c>.tgz</c>), given its NOTES.txt stand-in the same way, still as an archive for helm's own archive loader.</summary>
internal static partial class NotesChart
{
    /// <summary>
    /// Writes to <paramref name="target"/> the archive <paramref name="archive"/> with its top chart's
    /// <c>templates/NOTES.txt</c> (the entry <c>&lt;folder&gt;/templates/NOTES.txt</c>, as helm's loader strips the first
    /// folder) replaced by the stand-in helper and document; every other entry as it is. False when the archive has no
    /// such NOTES.txt or is no gzip'd tar (helm then says what it makes of it); within the copy's budgets.
    /// </summary>
    public static bool WriteArchive(string archive, string target)
    {
        var budget = new Budget();
        try
        {
            using var input = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
            using var reader = new TarReader(input);
            using var output = new GZipStream(File.Create(target), CompressionLevel.Fastest);
            using var writer = new TarWriter(output, TarEntryFormat.Pax);
            string? folder = null, notes = null;
            while (reader.GetNextEntry() is { } entry)
            {
                budget.Count(entry.Length);
                if (notes is null && TopNotes(entry) is { } top)
                {
                    (folder, notes) = (top, ReadText(archive, entry.DataStream!, entry.Length));
                    continue;
                }
                if (entry.DataStream is { } data) entry.DataStream = Buffered(data); // the gzip'd output cannot seek back to write the size
                writer.WriteEntry(entry);
            }
            if (notes is null) return false;
            foreach (var (file, content) in TextStandIn.Files(notes, "0", "templates/NOTES.txt"))
            {
                var added = new PaxTarEntry(TarEntryType.RegularFile, folder + "/templates/" + file) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
                writer.WriteEntry(added);
            }
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The chart folder of an entry <c>folder/templates/NOTES.txt</c> with data, else null.</summary>
    private static string? TopNotes(TarEntry entry) =>
        entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is not null
        && entry.Name.Split('/') is [var folder, "templates", "NOTES.txt"] && folder.Length > 0 && folder != ".." && folder != "." ? folder : null;

    /// <summary>An entry's data in memory (its length is within the budget already).</summary>
    private static MemoryStream Buffered(Stream data)
    {
        var buffer = new MemoryStream();
        data.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>The entry's text (UTF-8, a BOM dropped as helm drops it), at most as long as any file the release pipeline reads.</summary>
    private static string ReadText(string archive, Stream data, long length)
    {
        if (length > BoundedFile.MaxBytes) throw new SecretsKitException(ExitCodes.Generic, $"{archive}: templates/NOTES.txt is larger than {BoundedFile.MaxBytes >> 20} MiB, not read");
        var bytes = new byte[length];
        data.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes);
    }
}
