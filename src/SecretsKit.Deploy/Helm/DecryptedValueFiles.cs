using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// The plaintext files of one run and what each value-file spec became. Dispose removes every file this run created
/// (the private temp dir, and <c>.dec</c> files it wrote), never a pre-existing one.
/// </summary>
public sealed class DecryptedValueFiles : IDisposable
{
    private readonly Dictionary<string, string?> _replacements;
    private readonly List<string> _createdDecFiles;
    private readonly PrivateTempDirectory? _temp;
    private readonly Action<string>? _log;

    private readonly List<string> _reportedTempFiles;

    public DecryptedValueFiles(Dictionary<string, string?> replacements, List<string> createdDecFiles, PrivateTempDirectory? temp, Action<string>? log,
        List<string>? reportedTempFiles = null)
    {
        _reportedTempFiles = reportedTempFiles ?? [];
        _replacements = replacements;
        _createdDecFiles = createdDecFiles;
        _temp = temp;
        _log = log;
    }

    /// <summary>The private temp directory holding plaintext, when one was needed.</summary>
    public string? TempDirectory => _temp?.Path;

    /// <summary>The specs whose file had no SOPS metadata and no ref to resolve (used as they are, or as a fetched copy).</summary>
    internal IReadOnlySet<string> AsIs { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="spec"/>'s file was used as it is: neither decrypted nor ref-resolved.</summary>
    public bool UsedAsIs(string spec) => AsIs.Contains(spec);

    /// <summary>For <see cref="HelmArgumentRewriter.Rewrite"/>: replacement path, the spec itself, or null to drop.</summary>
    public string? Map(string spec) => _replacements.TryGetValue(spec, out var r) ? r : spec;

    public void Dispose()
    {
        foreach (var file in _createdDecFiles)
        {
            try
            {
                File.Delete(file);
                _log?.Invoke($"Removed: {file}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log?.Invoke($"could not remove {file}: {e.GetType().Name}");
            }
        }
        _createdDecFiles.Clear();
        _temp?.Dispose();
        foreach (var file in _reportedTempFiles) _log?.Invoke($"Removed: {file}");
        _reportedTempFiles.Clear();
    }
}
