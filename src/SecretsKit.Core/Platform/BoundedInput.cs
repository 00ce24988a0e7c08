using System.Globalization;
using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Platform;

/// <summary>
/// Reads an input (a file named on the command line, standard input, a <c>.sops.yaml</c>) up to a size limit. The limit
/// is on what is read, not on the length the file system reports: a device such as <c>/dev/zero</c> or a pipe reports 0
/// and may never end, and is refused once the limit is passed instead of being read until memory runs out.
/// </summary>
public static class BoundedInput
{
    /// <summary>Largest file or standard input the CLI reads (1 GiB, the largest document a reader accepts).</summary>
    public const long MaxDocumentBytes = 1L << 30;

    /// <summary>
    /// The whole of <paramref name="stream"/>, or a <see cref="SecretsKitException"/> (exit <see cref="ExitCodes.CouldNotReadInputFile"/>)
    /// naming <paramref name="shown"/> once more than <paramref name="maxBytes"/> were read.
    /// </summary>
    public static byte[] ReadAll(Stream stream, string shown, long maxBytes = MaxDocumentBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var expected = stream.CanSeek ? stream.Length - stream.Position : 0;
        if (expected > maxBytes) throw TooLarge(shown, maxBytes);
        // A file that reports its size is read into one array of that size (the usual case: no second copy, and no
        // 1 MiB chunk touched for a 2 KB file); one more read then confirms the end. A pipe, a device, or a file that
        // grew since, goes on in chunks of up to 1 MiB, each counted against the limit.
        var chunks = new List<byte[]>();
        long total = 0;
        var next = expected > 0 ? (int)expected : ChunkBytes;
        while (true)
        {
            var chunk = new byte[(int)Math.Min(next, maxBytes + 1 - total)];
            var filled = Fill(stream, chunk);
            total += filled;
            if (total > maxBytes) throw TooLarge(shown, maxBytes);
            if (filled < chunk.Length)
            {
                chunks.Add(chunk[..filled]);
                break;
            }
            chunks.Add(chunk);
            if (chunks.Count == 1 && expected > 0 && AtEnd(stream)) break;
            next = ChunkBytes;
        }
        if (chunks.Count == 1) return chunks[0];
        var all = new byte[total];
        var at = 0;
        foreach (var c in chunks)
        {
            c.CopyTo(all, at);
            at += c.Length;
        }
        return all;
    }

    /// <summary>The file at <paramref name="path"/>, opened as usual (a pipe the user named is read) and read as <see cref="ReadAll"/> does.</summary>
    public static byte[] ReadFile(string path, string shown, long maxBytes = MaxDocumentBytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        return ReadAll(file, shown, maxBytes);
    }

    private const int ChunkBytes = 1 << 20;

    private static int Fill(Stream stream, byte[] chunk)
    {
        var filled = 0;
        int read;
        while (filled < chunk.Length && (read = stream.Read(chunk, filled, chunk.Length - filled)) > 0) filled += read;
        return filled;
    }

    /// <summary>True when the stream has nothing more; otherwise the one byte read is given back by seeking (a file that grew).</summary>
    private static bool AtEnd(Stream stream)
    {
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) == 0) return true;
        stream.Seek(-1, SeekOrigin.Current);
        return false;
    }

    private static SecretsKitException TooLarge(string shown, long maxBytes) =>
        new(ExitCodes.CouldNotReadInputFile, $"{Echo.Bounded(shown)} is larger than {Size(maxBytes)}, not read",
            "an input this large is refused (is it a device such as /dev/zero, or a pipe that never ends?)");

    private static string Size(long bytes) => bytes >= 1L << 30
        ? $"{(bytes >> 30).ToString(CultureInfo.InvariantCulture)} GiB"
        : $"{(bytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB";
}
