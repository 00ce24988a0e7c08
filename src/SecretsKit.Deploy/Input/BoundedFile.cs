using System.Globalization;
using System.Text;
using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Input;

/// <summary>
/// Reads a file the release pipeline was pointed at (a state file, a values file, a schema) up to a size limit. The
/// limit is on what is read, not on the length the file system reports: a device such as <c>/dev/zero</c> reports 0
/// and never ends, and is refused once the limit is passed, instead of being read forever.
/// </summary>
internal static class BoundedFile
{
    /// <summary>Largest file read (16 MiB): far above any state, values file or schema.</summary>
    public const int MaxBytes = 16 << 20;

    public static string ReadText(string path, string shown, int maxBytes = MaxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) throw TooLarge(shown, maxBytes);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static async Task<byte[]> ReadBytesAsync(string path, string shown, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) throw TooLarge(shown, MaxBytes);
        }
        return buffer.ToArray();
    }

    private static SecretsKitException TooLarge(string shown, int maxBytes) =>
        new(ExitCodes.Generic, $"{shown}: larger than {(maxBytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB, not read",
            "a state, values or schema file this large is refused (is it a device or a pipe?)");
}
