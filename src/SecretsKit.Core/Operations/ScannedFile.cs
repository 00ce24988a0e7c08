namespace SecretsKit.Core.Operations;

/// <summary>A file <see cref="PlaintextScanner"/> looks at: its path below the scanned directory and its content (read once, on demand).</summary>
public sealed class ScannedFile
{
    private readonly Lazy<byte[]> _content;

    public ScannedFile(string relative, string fullPath, Func<byte[]> read, Func<long>? length = null, Func<bool>? exists = null)
    {
        Relative = relative.Replace('\\', '/');
        FullPath = fullPath;
        _content = new Lazy<byte[]>(read);
        _length = length;
        _exists = exists;
    }

    private readonly Func<long>? _length;
    private readonly Func<bool>? _exists;

    public string Relative { get; }

    public string FullPath { get; }

    public string Name => Path.GetFileName(FullPath);

    public bool Exists => _exists?.Invoke() ?? true;

    public long Length => _length?.Invoke() ?? _content.Value.Length;

    public byte[] Content() => _content.Value;

    /// <summary>Work-tree files below <paramref name="root"/>, read from disk when first needed.</summary>
    public static IReadOnlyList<ScannedFile> FromDisk(string root, IEnumerable<string> relative) =>
        relative.Select(r =>
        {
            var full = Path.Combine(root, r);
            return new ScannedFile(r, full, () => File.ReadAllBytes(full), () => new FileInfo(full).Length, () => File.Exists(full));
        }).ToList();
}
