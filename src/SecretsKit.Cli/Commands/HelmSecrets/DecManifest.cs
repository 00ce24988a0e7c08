using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// <c>.secretskit-dec</c>: one per directory, listing (one name a line) the decrypted files <c>dec</c> wrote there, so that
/// <c>clean</c> removes exactly those and never a <c>*.dec</c> file someone else made.
/// </summary>
internal static class DecManifest
{
    public const string FileName = ".secretskit-dec";
    private static readonly object Gate = new();

    public static void Record(string decryptedFile)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(decryptedFile))!;
        var name = Path.GetFileName(decryptedFile);
        lock (Gate)
        {
            var names = Read(dir);
            if (names.Contains(name)) return;
            names.Add(name);
            Write(dir, names);
        }
    }

    /// <summary>
    /// Removes the recorded files under <paramref name="root"/> (recursively) that start with <paramref name="prefix"/> and
    /// end with <paramref name="suffix"/> (null: any); returns their paths.
    /// </summary>
    public static IReadOnlyList<string> Clean(string root, string? prefix, string? suffix)
    {
        var removed = new List<string>();
        foreach (var manifest in Directory.EnumerateFiles(root, FileName, SearchOption.AllDirectories))
        {
            var dir = Path.GetDirectoryName(manifest)!;
            var kept = new List<string>();
            foreach (var name in Read(dir))
            {
                var path = Path.Combine(dir, name);
                if (name != Path.GetFileName(name) || (suffix is not null && !name.EndsWith(suffix, StringComparison.Ordinal))
                    || (prefix is not null && !name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    kept.Add(name);
                    continue;
                }
                if (File.Exists(path) && new FileInfo(path).LinkTarget is null)
                {
                    File.Delete(path);
                    removed.Add(path);
                }
            }
            if (kept.Count == 0) File.Delete(manifest);
            else Write(dir, kept);
        }
        return removed;
    }

    private static List<string> Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList()
            : new List<string>();
    }

    private static void Write(string dir, List<string> names) =>
        AtomicFile.Write(Path.Combine(dir, FileName), System.Text.Encoding.UTF8.GetBytes(string.Join('\n', names) + "\n"), AtomicFile.PrivateMode);
}
