using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Writes the plaintexts of one <see cref="SecretValuesDecryptor"/> run, one after the other once every decryption is
/// done: into a private temp dir created on first use (files numbered in the order of the specs), or, with
/// <see cref="DecryptorSettings.NextToSource"/>, to <c>FILE&lt;suffix&gt;</c> beside a local source (an existing one is
/// reused, never overwritten). Remembers what it created for <see cref="DecryptedValueFiles"/> to remove.
/// </summary>
internal sealed class ValueFileOutput(DecryptorSettings settings)
{
    private readonly List<string> _created = [];
    private readonly List<string> _reported = [];
    private PrivateTempDirectory? _temp;
    private int _index;

    /// <summary>The path helm should read for <paramref name="file"/>, or null when it reads the source itself.</summary>
    public string? Write(PlainValueFile file)
    {
        if (file.Plain is not { } plain) return null;
        var source = file.Source;
        var target = settings.NextToSource && source.LocalPath is { } local ? NextToSource(local, plain, source.Shown)
            : settings.HelmSecretsLayout && source.LocalPath is { } mirrored ? InTempAfterSource(mirrored, plain)
            : InTemp(source.FileName, plain);
        if (target.Written) settings.Log?.Invoke($"Decrypt: {source.Shown}");
        return target.Path;
    }

    public DecryptedValueFiles Result(Dictionary<string, string?> replacements) => new(replacements, [.. _created], _temp, settings.Log, [.. _reported]);

    private (string Path, bool Written) NextToSource(string fullPath, byte[] plain, string shown)
    {
        var target = fullPath + settings.DecSuffix;
        if (!TryCreatePrivate(target, plain))
        {
            settings.Log?.Invoke($"Decrypt skipped: {shown}");
            return (target, false);
        }
        _created.Add(target);
        return (target, true);
    }

    private (string Path, bool Written) InTemp(string fileName, byte[] plain)
    {
        _temp ??= PrivateTempDirectory.Create("secretskit-helm-", settings.TempParent);
        return (_temp.WriteFile($"{++_index}-{Path.GetFileName(fileName)}", plain), true);
    }

    /// <summary><c>&lt;private dir&gt;/&lt;n&gt;/&lt;full source path&gt;&lt;suffix&gt;</c>: every directory on the way 0700, the file 0600.</summary>
    private (string Path, bool Written) InTempAfterSource(string fullPath, byte[] plain)
    {
        _temp ??= PrivateTempDirectory.Create("secretskit-helm-", settings.TempParent);
        var relative = fullPath.Replace('\\', '/').TrimStart('/').Replace(":", "", StringComparison.Ordinal);
        if (settings.FlatNames)
        {
            var slash = relative.LastIndexOf('/');
            relative = slash < 0 ? "_" + relative : "_" + relative[..slash].Replace('/', '_') + "_" + relative[(slash + 1)..];
        }
        var target = Path.Combine(_temp.Path, (++_index).ToString(System.Globalization.CultureInfo.InvariantCulture), relative + settings.DecSuffix);
        var directory = Path.GetDirectoryName(target)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!TryCreatePrivate(target, plain)) throw new IOException($"{target} exists in a fresh private directory");
        _reported.Add(target);
        return (target, true);
    }

    /// <summary>Creates a 0600 file; false when it already exists (an earlier <c>.dec</c>: reused, never overwritten).</summary>
    private static bool TryCreatePrivate(string path, byte[] content)
    {
        var fso = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fso.UnixCreateMode = AtomicFile.PrivateMode;
        try
        {
            using var fs = new FileStream(path, fso);
            fs.Write(content);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }
}
