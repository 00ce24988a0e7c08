using System.Text;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// Looks for decrypted values (as text and in base64) in every file below some directories. While a run is going on,
/// a hit inside one of its private directories (mode 0700, named <c>secretskit-*</c>: where a helm call reads its
/// decrypted values) is the one allowed place; anywhere else, and anywhere once the run ended, it is a leak.
/// </summary>
internal static class PlaintextSweep
{
    public static IReadOnlyList<string> Find(IEnumerable<string> roots, IReadOnlyList<string> secrets, bool allowPrivateDirectories)
    {
        var needles = secrets.SelectMany(s => new[] { s, Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) })
            .Select(Encoding.UTF8.GetBytes).ToList();
        var found = new List<string>();
        foreach (var root in roots.Where(Directory.Exists))
        {
            foreach (var file in Files(root))
            {
                byte[] bytes;
                try
                {
                    var info = new FileInfo(file);
                    // a FIFO (how a run may hand helm its decrypted values) reports size 0 and would block the read: nothing on disk there
                    if (info.LinkTarget is not null || info.Length == 0 || info.Length > 16 << 20) continue;
                    bytes = File.ReadAllBytes(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // removed while we looked: the run cleans up as it goes
                }
                if (!needles.Any(n => bytes.AsSpan().IndexOf(n) >= 0)) continue;
                if (allowPrivateDirectories && InPrivateDirectory(file)) continue;
                found.Add(file);
            }
        }
        return found;
    }

    private static IEnumerable<string> Files(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        try
        {
            return Directory.EnumerateFiles(root, "*", options).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static bool InPrivateDirectory(string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (!Path.GetFileName(dir).StartsWith("secretskit-", StringComparison.Ordinal)) continue;
            try
            {
                if (File.GetUnixFileMode(dir) == (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) return true;
            }
            catch (IOException)
            {
                return true; // gone already
            }
        }
        return false;
    }
}
