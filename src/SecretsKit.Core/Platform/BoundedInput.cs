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
        if (stream.CanSeek && stream.Length - stream.Position > maxBytes) throw TooLarge(shown, maxBytes);
        var chunks = new List<byte[]>();
        long total = 0;
        while (true)
        {
            var chunk = new byte[(int)Math.Min(1 << 20, maxBytes + 1 - total)];
            var filled = 0;
            int read;
            while (filled < chunk.Length && (read = stream.Read(chunk, filled, chunk.Length - filled)) > 0) filled += read;
            total += filled;
            if (total > maxBytes) throw TooLarge(shown, maxBytes);
            if (filled < chunk.Length)
            {
                chunks.Add(chunk[..filled]);
                break;
            }
            chunks.Add(chunk);
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

    private static SecretsKitException TooLarge(string shown, long maxBytes) =>
        new(ExitCodes.CouldNotReadInputFile, $"{Echo.Bounded(shown)} is larger than {Size(maxBytes)}, not read",
            "an input this large is refused (is it a device such as /dev/zero, or a pipe that never ends?)");

    private static string Size(long bytes) => bytes >= 1L << 30
        ? $"{(bytes >> 30).ToString(CultureInfo.InvariantCulture)} GiB"
        : $"{(bytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB";
}
