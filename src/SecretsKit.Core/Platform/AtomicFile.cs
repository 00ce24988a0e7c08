using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Platform;

/// <summary>
/// Replaces a file atomically: writes a temp file in the same directory, flushes it to disk, renames it over the
/// target and flushes the directory. The target's mode is kept; a new file gets <paramref name="newFileMode"/>.
/// </summary>
public static class AtomicFile
{
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DefaultMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = DefaultMode)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var mode = newFileMode;
        if (File.Exists(full) && !OperatingSystem.IsWindows())
        {
            mode = File.GetUnixFileMode(full);
        }
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateMode;
            using (var fs = new FileStream(temp, options))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, mode);
            File.Move(temp, full, overwrite: true);
            FlushDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new SecretsKitException(ExitCodes.CouldNotWriteOutputFile, $"cannot write {path}: {e.Message}", inner: e);
        }
    }

    private static void FlushDirectory(string dir)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using var handle = File.OpenHandle(dir, FileMode.Open, FileAccess.Read);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Some file systems refuse to open directories; the rename itself is still atomic.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the temp file is in the target's directory and holds only what was to be written
        }
    }
}
