using System.Collections.Concurrent;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// The state of one <see cref="SecretValuesDecryptor"/> run, safe for its parallel decryptions: each distinct source
/// decrypted once, the private temp dir created on first use, the <c>.dec</c> files this run created.
/// </summary>
internal sealed class ValueFileDecryptRun(SopsEngine engine, DecryptOptions options, DecryptorSettings settings)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentBag<string> _created = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _bySource = new(StringComparer.Ordinal);
    private PrivateTempDirectory? _temp;
    private int _index;

    public Task<string?> DecryptLocal(string fullPath, string shown, CancellationToken ct) =>
        Once(fullPath, async () => await DecryptAsync(await File.ReadAllBytesAsync(fullPath, ct), fullPath, shown, fullPath, ct), ct);

    public Task<string?> DecryptRemote(string url, IEnvironment environment, CancellationToken ct) =>
        Once(url, async () => await DecryptAsync(await RemoteValueFile.FetchAsync(url, environment, ct), RemoteValueFile.FileName(url),
            RemoteValueFile.Redact(url), null, ct), ct);

    public DecryptedValueFiles Result(Dictionary<string, string?> replacements) =>
        new(replacements, [.. _created], _temp, settings.Log);

    private Task<string?> Once(string source, Func<Task<string?>> decrypt, CancellationToken ct) =>
        _bySource.GetOrAdd(source, _ => new Lazy<Task<string?>>(() => Task.Run(decrypt, ct))).Value;

    /// <summary>The plaintext's path, or null when the content is plain (and no ref+ needed resolving).</summary>
    private async Task<string?> DecryptAsync(byte[] content, string fileName, string shown, string? localPath, CancellationToken ct)
    {
        byte[]? plain;
        try
        {
            plain = await SopsFileProbe.TryDecryptAsync(engine, options, content, fileName, ct);
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, $"Error while decrypting file: {shown}: {e.Message}", e.Hint, e);
        }
        if (settings.Refs is not null)
        {
            var resolved = await YamlRefRewriter.RewriteAsync(System.Text.Encoding.UTF8.GetString(plain ?? content), settings.Refs, ct);
            if (resolved is not null) plain = System.Text.Encoding.UTF8.GetBytes(resolved);
        }
        if (plain is null) return null;
        var target = settings.NextToSource && localPath is not null ? NextToSource(localPath, plain, shown) : InTemp(fileName, plain);
        if (target.Written) settings.Log?.Invoke($"Decrypt: {shown}");
        return target.Path;
    }

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
        PrivateTempDirectory temp;
        lock (_gate) temp = _temp ??= PrivateTempDirectory.Create("secretskit-helm-", settings.TempParent);
        return (temp.WriteFile($"{Interlocked.Increment(ref _index)}-{Path.GetFileName(fileName)}", plain), true);
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
