using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Platform;

/// <summary>
/// Replaces a file atomically: writes a temp file in the same directory, flushes it to disk, renames it over the
/// target and flushes the directory. The target's mode is kept; a new file gets <paramref name="newFileMode"/>.
/// A symbolic link is written through, as sops does: the link stays a link and its final target is replaced in the
/// target's own directory.
/// </summary>
public static class AtomicFile
{
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DefaultMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <param name="confineLinksTo">when set, a symbolic link whose target lies outside this directory is refused.</param>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = DefaultMode, string? confineLinksTo = null) =>
        Write(path, content, null, newFileMode, confineLinksTo);

    /// <summary>
    /// As <see cref="Write(string, ReadOnlySpan{byte}, UnixFileMode, string?)"/>, the content written by
    /// <paramref name="write"/> straight into the temp file (a large document is never held in memory whole); the target
    /// is replaced only once it returns.
    /// </summary>
    public static void Write(string path, Action<Stream> write, UnixFileMode newFileMode = DefaultMode, string? confineLinksTo = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, default, write, newFileMode, confineLinksTo);
    }

    private static void Write(string path, ReadOnlySpan<byte> content, Action<Stream>? write, UnixFileMode newFileMode, string? confineLinksTo)
    {
        var full = ResolveLinks(path, confineLinksTo);
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
                if (write is null) fs.Write(content);
                else write(fs);
                fs.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, mode);
            File.Move(temp, full, overwrite: true);
            FlushDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new SecretsKitException(ExitCodes.CouldNotWriteOutputFile, $"cannot write {path}: {Reason(e)}",
                e is UnauthorizedAccessException ? $"check that you may create files in {dir}" : null, e);
        }
        catch
        {
            // The writer failed (e.g. a tree the format cannot hold): the target stays as it was, and no temp file is left.
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Whether a new file can be created in the directory <paramref name="path"/> would be written to (after following
    /// links), checked by creating and removing an empty file there. Commands that cannot redo their work (an editor
    /// session) ask before they start.
    /// </summary>
    public static void CheckWritable(string path, string? confineLinksTo = null)
    {
        var full = ResolveLinks(path, confineLinksTo);
        var dir = Path.GetDirectoryName(full)!;
        var probe = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            new FileStream(probe, FileMode.CreateNew, FileAccess.Write).Dispose();
            TryDelete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretsKitException(ExitCodes.CouldNotWriteOutputFile, $"cannot write {path}: {Reason(e)}",
                $"check that you may create files in {dir}", e);
        }
    }

    /// <summary>
    /// The file a write to <paramref name="path"/> must replace: the path itself, or the final target of a chain of
    /// symbolic links. A dangling link, or with <paramref name="confineLinksTo"/> a link out of that directory, is an error.
    /// </summary>
    public static string ResolveLinks(string path, string? confineLinksTo = null)
    {
        var full = Path.GetFullPath(path);
        FileSystemInfo? target;
        try
        {
            if (new FileInfo(full).LinkTarget is null) return full;
            target = File.ResolveLinkTarget(full, returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new SecretsKitException(ExitCodes.CouldNotWriteOutputFile, $"cannot write {path}: cannot follow the symbolic link ({Reason(e)})");
        }
        if (target is null || !target.Exists)
        {
            throw new SecretsKitException(ExitCodes.CouldNotWriteOutputFile,
                $"cannot write {path}: it is a symbolic link to {target?.FullName ?? "nothing"}, which does not exist",
                "create the target first, or remove the dangling link");
        }
        if (confineLinksTo is not null && !IsInside(target.FullName, confineLinksTo))
        {
            throw new SecretsKitException(ExitCodes.CouldNotWriteOutputFile,
                $"cannot write {path}: it is a symbolic link to {target.FullName}, outside {Path.GetFullPath(confineLinksTo)}",
                "symbolic links out of the tree are refused because HELM_SECRETS_VALUES_ALLOW_SYMLINKS=false");
        }
        return target.FullName;
    }

    private static bool IsInside(string path, string dir)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(dir), path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    /// <summary>What went wrong, in words, without the .NET exception text (which names the temp file).</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "the directory does not exist",
        PathTooLongException => "the path is too long",
        IOException io when io.HResult is Enospc or WindowsDiskFull or WindowsHandleDiskFull => "no space left on the device",
        IOException io when io.HResult is Erofs or WindowsWriteProtect => "the file system is read-only",
        _ => "input/output error",
    };

    // On Linux and macOS .NET puts the errno of a failed write into IOException.HResult (ENOSPC 28, EROFS 30: seen on a full
    // and on a read-only tmpfs); on Windows the HRESULT of the Win32 error.
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsWriteProtect = unchecked((int)0x80070013);

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
