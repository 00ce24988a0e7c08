using System.Collections.Concurrent;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Decrypts the SOPS-encrypted value files of one helm run, each distinct file once, files in parallel. Plain files
/// keep their path; a missing <c>?optional</c> file is dropped; a missing required one is an error naming it.
/// </summary>
public sealed class SecretValuesDecryptor(SopsEngine engine, DecryptOptions options, string workingDirectory)
{
    public async Task<DecryptedValueFiles> DecryptAsync(IEnumerable<string> specs, DecryptorSettings settings, CancellationToken cancellationToken)
    {
        var parsed = specs.Distinct(StringComparer.Ordinal).Select(ValueFileSpec.Parse).ToList();
        PrivateTempDirectory? temp = null;
        var tempLock = new object();
        var created = new ConcurrentBag<string>();
        var replacements = new Dictionary<string, string?>(StringComparer.Ordinal);
        var byFile = new ConcurrentDictionary<string, Lazy<Task<string?>>>(StringComparer.Ordinal);
        var index = 0;

        async Task<string?> DecryptOne(string fullPath, string shown)
        {
            var content = await File.ReadAllBytesAsync(fullPath, cancellationToken);
            byte[]? plain;
            try
            {
                plain = await SopsFileProbe.TryDecryptAsync(engine, options, content, fullPath, cancellationToken);
            }
            catch (SecretsKitException e)
            {
                throw new SecretsKitException(e.ExitCode, $"Error while decrypting file: {shown}: {e.Message}", e.Hint, e);
            }
            if (settings.Refs is not null)
            {
                var resolved = await YamlRefRewriter.RewriteAsync(System.Text.Encoding.UTF8.GetString(plain ?? content), settings.Refs, cancellationToken);
                if (resolved is not null) plain = System.Text.Encoding.UTF8.GetBytes(resolved);
            }
            if (plain is null) return null;
            string target;
            if (settings.NextToSource)
            {
                target = fullPath + settings.DecSuffix;
                if (!TryCreatePrivate(target, plain))
                {
                    settings.Log?.Invoke($"Decrypt skipped: {shown}");
                    return target;
                }
                created.Add(target);
            }
            else
            {
                lock (tempLock) temp ??= PrivateTempDirectory.Create("secretskit-helm-");
                var n = Interlocked.Increment(ref index);
                target = temp.WriteFile($"{n}-{Path.GetFileName(fullPath)}", plain);
            }
            settings.Log?.Invoke($"Decrypt: {shown}");
            return target;
        }

        try
        {
            var work = new List<(ValueFileSpec Spec, Task<string?>? Task)>();
            foreach (var spec in parsed)
            {
                if (spec.Remote)
                {
                    replacements[spec.Text] = spec.Text;
                    continue;
                }
                var full = Path.GetFullPath(spec.Path, workingDirectory);
                if (!File.Exists(full))
                {
                    if (spec.Optional)
                    {
                        replacements[spec.Text] = null;
                        continue;
                    }
                    throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {spec.Path}",
                        "prefix the file with ? to make it optional");
                }
                var task = byFile.GetOrAdd(full, f => new Lazy<Task<string?>>(() => Task.Run(() => DecryptOne(f, spec.Path), cancellationToken))).Value;
                work.Add((spec, task));
            }
            await Task.WhenAll(work.Select(w => w.Task!));
            foreach (var (spec, task) in work)
            {
                // a plain file keeps its own path; a prefixed spec must still lose its prefix for helm
                replacements[spec.Text] = task!.Result ?? (spec.Text == spec.Path ? spec.Text : spec.Path);
            }
            return new DecryptedValueFiles(replacements, created.ToList(), temp, settings.Log);
        }
        catch
        {
            new DecryptedValueFiles(replacements, created.ToList(), temp, settings.Log).Dispose();
            throw;
        }
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
