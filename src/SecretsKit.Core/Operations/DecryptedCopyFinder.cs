using System.Security.Cryptography;
using SecretsKit.Core.Formats;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Finds decrypted copies of encrypted files among the scanned files: those <c>secretskit dec</c> recorded in a
/// <c>.secretskit-dec</c> list (and the list itself), <c>FILE.dec</c> next to an encrypted FILE, and any file whose
/// content equals the decryption of an encrypted file (when <see cref="ScanOptions.Decrypt"/> can decrypt it). The list
/// itself holds names, no secret: it is reported only when a copy it lists is not git-ignored (<paramref name="ignored"/>:
/// the listed copies git ignores, by full path), as a reminder to run <c>secretskit clean</c>.
/// </summary>
internal sealed class DecryptedCopyFinder(ScanOptions options, IReadOnlySet<string> ignored)
{
    public const string Manifest = ".secretskit-dec";

    /// <summary>Most names read from one list: far above what <c>dec</c> writes into one directory.</summary>
    private const int MaxListed = 10_000;

    /// <summary>The full paths of the copies a <c>.secretskit-dec</c> lists (names in its directory, one a line).</summary>
    public static IEnumerable<string> Listed(ScannedFile manifest)
    {
        var dir = Path.GetDirectoryName(manifest.FullPath)!;
        return System.Text.Encoding.UTF8.GetString(manifest.Content()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.TrimEnd('\r')).Where(n => n.Length > 0).Take(MaxListed).Select(n => Path.GetFullPath(Path.Combine(dir, n)));
    }

    public async Task<IReadOnlyList<ScanFinding>> FindAsync(IReadOnlyList<ScannedFile> files, Func<ScannedFile, string> display, CancellationToken ct)
    {
        var byPath = files.ToDictionary(f => f.FullPath, StringComparer.Ordinal);
        var encrypted = files.Where(IsEncrypted).ToList();
        var found = new Dictionary<string, ScanFinding>(StringComparer.Ordinal);
        void Add(ScannedFile f, string detail) => found.TryAdd(f.FullPath, new ScanFinding(display(f), null, detail));

        foreach (var manifest in files.Where(f => f.Name == Manifest))
        {
            var listed = Listed(manifest).ToList();
            var exposed = listed.Where(p => !ignored.Contains(p)).ToList();
            if (exposed.Count > 0)
            {
                found.TryAdd(manifest.FullPath, new ScanFinding(display(manifest), null,
                    $"lists {exposed.Count} decrypted cop{(exposed.Count == 1 ? "y" : "ies")} 'secretskit dec' wrote that git does not ignore; "
                    + "run 'secretskit clean' (or ignore them in .gitignore)") { RuleId = "decrypted-copies" });
            }
            foreach (var path in listed)
            {
                if (byPath.TryGetValue(path, out var copy)) Add(copy, "a decrypted copy written by 'secretskit dec'");
            }
        }
        foreach (var source in encrypted)
        {
            if (byPath.TryGetValue(source.FullPath + options.DecSuffix, out var copy)) Add(copy, $"a decrypted copy of {display(source)}");
        }
        if (options.Decrypt is not null) await FindEqualContentAsync(files, encrypted, display, Add, ct);
        return found.Values.ToList();
    }

    private async Task FindEqualContentAsync(IReadOnlyList<ScannedFile> files, List<ScannedFile> encrypted, Func<ScannedFile, string> display,
        Action<ScannedFile, string> add, CancellationToken ct)
    {
        var plaintexts = new Dictionary<(long, string), ScannedFile>();
        foreach (var source in encrypted)
        {
            var plain = await options.Decrypt!(source.Relative, source.Content(), ct);
            if (plain is { Length: > 0 }) plaintexts.TryAdd((plain.Length, Convert.ToHexString(SHA256.HashData(plain))), source);
        }
        if (plaintexts.Count == 0) return;
        var lengths = plaintexts.Keys.Select(k => k.Item1).ToHashSet();
        var skip = encrypted.ToHashSet();
        foreach (var file in files.Where(f => !skip.Contains(f)))
        {
            ct.ThrowIfCancellationRequested();
            if (!lengths.Contains(file.Length)) continue;
            if (plaintexts.TryGetValue((file.Length, Convert.ToHexString(SHA256.HashData(file.Content()))), out var source))
            {
                add(file, $"the same content as the decryption of {display(source)}");
            }
        }
    }

    /// <summary>A SOPS file by its content: text formats mentioning <c>sops</c> whose metadata and MAC are there.</summary>
    private static bool IsEncrypted(ScannedFile file)
    {
        var format = FormatRegistry.NameForPath(file.Relative);
        if (format == "binary" || file.Length > 16 * 1024 * 1024) return false;
        var content = file.Content();
        return content.AsSpan().IndexOf("sops"u8) >= 0 && SopsFileStatus.IsEncrypted(content, FormatRegistry.Create(format));
    }
}
