using System.Collections.Concurrent;

namespace SecretsKit.Core.Platform;

/// <summary>
/// A mode-0700 temp directory for plaintext that lives exactly as long as one operation. It is removed on dispose, and
/// <see cref="RemoveAll"/> removes every live one (called from SIGINT/SIGTERM handlers and process exit).
/// </summary>
public sealed class PrivateTempDirectory : IDisposable
{
    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);

    private bool _kept;

    private PrivateTempDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// Creates the directory in the system temp dir, or inside <paramref name="parent"/> (which must exist) when given.
    /// </summary>
    public static PrivateTempDirectory Create(string prefix = "secretskit-", string? parent = null)
    {
        var path = parent is null ? Directory.CreateTempSubdirectory(prefix).FullName : CreateIn(parent, prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Live[path] = 0;
        return new PrivateTempDirectory(path);
    }

    private static string CreateIn(string parent, string prefix)
    {
        if (!Directory.Exists(parent))
        {
            throw new Errors.SecretsKitException(Errors.ExitCodes.Generic, $"directory {parent} does not exist (the place for decrypted files)");
        }
        for (var attempt = 0; ; attempt++)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(parent), prefix + System.IO.Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            try
            {
                // created 0700 at once (no window with wider permissions), and never an existing directory
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
                else if (!Directory.Exists(path)) Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                else continue;
                return path;
            }
            catch (IOException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Writes a file readable only by the owner (0600) inside this directory and returns its path.</summary>
    public string WriteFile(string name, ReadOnlySpan<byte> content)
    {
        var path = System.IO.Path.Combine(Path, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = AtomicFile.PrivateMode;
        using var fs = new FileStream(path, options);
        fs.Write(content);
        return path;
    }

    /// <summary>
    /// Leaves this directory in place when the process ends (for ciphertext the user must not lose, never plaintext);
    /// returns it.
    /// </summary>
    public PrivateTempDirectory Keep()
    {
        _kept = true;
        Live.TryRemove(Path, out _);
        return this;
    }

    public void Dispose()
    {
        if (!_kept) Remove(Path);
    }

    /// <summary>Removes every live private directory of this process.</summary>
    public static void RemoveAll()
    {
        foreach (var path in Live.Keys) Remove(path);
    }

    private static void Remove(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a FIFO still open by a child can delay removal; try once more after it is gone
            Thread.Sleep(50);
            try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
            catch (Exception e2) when (e2 is IOException or UnauthorizedAccessException) { }
        }
        Live.TryRemove(path, out _);
    }
}
