using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Decrypts the SOPS-encrypted value files of one helm run, each distinct file once, files in parallel. Plain files
/// keep their path; a missing <c>?optional</c> file is dropped; a missing required one is an error naming it.
/// Remote <c>http(s)://</c> files are fetched when <see cref="DecryptorSettings.Remote"/> is set, else left to helm.
/// </summary>
public sealed class SecretValuesDecryptor(SopsEngine engine, DecryptOptions options, string workingDirectory)
{
    public async Task<DecryptedValueFiles> DecryptAsync(IEnumerable<string> specs, DecryptorSettings settings, CancellationToken cancellationToken)
    {
        var run = new ValueFileDecryptRun(engine, options, settings);
        var replacements = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            var work = new List<(ValueFileSpec Spec, Task<string?> Task)>();
            foreach (var spec in specs.Distinct(StringComparer.Ordinal).Select(ValueFileSpec.Parse))
            {
                if (Start(run, spec, settings, cancellationToken) is { } task) work.Add((spec, task));
                else replacements[spec.Text] = spec.Remote ? spec.Text : null;
            }
            await Task.WhenAll(work.Select(w => w.Task));
            foreach (var (spec, task) in work)
            {
                // a plain file keeps its own path (a remote one its URL); a prefixed spec must still lose its prefix for helm
                replacements[spec.Text] = task.Result ?? (spec.Text == spec.Path ? spec.Text : spec.Path);
            }
            return run.Result(replacements);
        }
        catch
        {
            run.Result(replacements).Dispose();
            throw;
        }
    }

    /// <summary>The decryption of one spec, or null when it needs none: a remote file left to helm, or a missing optional one.</summary>
    private Task<string?>? Start(ValueFileDecryptRun run, ValueFileSpec spec, DecryptorSettings settings, CancellationToken ct)
    {
        if (RemoteValueFile.IsHttp(spec.Path))
        {
            if (settings.Remote is not { } environment) return spec.Remote ? null : throw RemoteNotServed(spec);
            return run.DecryptRemote(spec.Path, environment, ct);
        }
        if (spec.Remote) return null;
        if (spec.Path.Contains("://", StringComparison.Ordinal)) throw RemoteValueFile.NotFetched(spec.Path);
        var full = Path.GetFullPath(spec.Path, workingDirectory);
        if (File.Exists(full)) return run.DecryptLocal(full, spec.Path, ct);
        if (spec.Optional) return null;
        throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {spec.Path}", "prefix the file with ? to make it optional");
    }

    private static SecretsKitException RemoteNotServed(ValueFileSpec spec) =>
        new(ExitCodes.Generic, $"remote value file {RemoteValueFile.Redact(spec.Path)} is not fetched here", "use `secretskit helm` or the secrets plugin for remote secrets:// files");
}
