using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Decrypts the SOPS-encrypted value files of one helm run, each distinct file once, files in parallel. Plain files
/// keep their path; a missing <c>?optional</c> file is dropped; a missing required one is an error naming it.
/// Remote <c>http(s)://</c> files are fetched when <see cref="DecryptorSettings.Remote"/> is set, else left to helm.
/// Three steps: every spec is checked and mapped to its source before any work starts, the distinct sources are
/// decrypted in memory in parallel (each task only returns its result), then the plaintexts are written in spec order.
/// </summary>
public sealed class SecretValuesDecryptor(SopsEngine engine, DecryptOptions options, string workingDirectory)
{
    public async Task<DecryptedValueFiles> DecryptAsync(IEnumerable<string> specs, DecryptorSettings settings, CancellationToken cancellationToken)
    {
        var replacements = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sources = new List<ValueFileSource>();
        var planned = new List<(ValueFileSpec Spec, int Source)>();
        var sourceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var spec in specs.Distinct(StringComparer.Ordinal).Select(ValueFileSpec.Parse))
        {
            if (SourceOf(spec, settings) is not { } source)
            {
                replacements[spec.Text] = spec.Remote ? spec.Text : null;
                continue;
            }
            if (!sourceIndex.TryGetValue(source.Key, out var index))
            {
                sourceIndex[source.Key] = index = sources.Count;
                sources.Add(source);
            }
            planned.Add((spec, index));
        }
        var decryption = new ValueFileDecryption(engine, options, settings);
        var decrypted = await Task.WhenAll(sources.Select(s => Task.Run(() => decryption.DecryptAsync(s, cancellationToken), cancellationToken)));
        return Write(decrypted, planned, replacements, settings);
    }

    /// <summary>Writes each plaintext once and maps every spec to what helm should read; on failure removes what it wrote.</summary>
    private static DecryptedValueFiles Write(PlainValueFile[] decrypted, List<(ValueFileSpec Spec, int Source)> planned,
        Dictionary<string, string?> replacements, DecryptorSettings settings)
    {
        var output = new ValueFileOutput(settings);
        try
        {
            var paths = decrypted.Select(output.Write).ToArray();
            foreach (var (spec, source) in planned)
            {
                // a plain file keeps its own path (a remote one its URL); a prefixed spec must still lose its prefix for helm
                replacements[spec.Text] = paths[source] ?? (spec.Text == spec.Path ? spec.Text : spec.Path);
            }
            var result = output.Result(replacements);
            result.AsIs = planned.Where(p => decrypted[p.Source].AsIs).Select(p => p.Spec.Text).ToHashSet(StringComparer.Ordinal);
            return result;
        }
        catch
        {
            output.Result(replacements).Dispose();
            throw;
        }
    }

    /// <summary>Where a spec's bytes come from, or null when it needs no decryption: a remote file left to helm, or a missing optional one.</summary>
    private ValueFileSource? SourceOf(ValueFileSpec spec, DecryptorSettings settings)
    {
        if (RemoteValueFile.IsHttp(spec.Path))
        {
            if (settings.Remote is not { } environment) return spec.Remote ? null : throw RemoteNotServed(spec);
            return ValueFileSource.Http(spec.Path, environment, spec.Optional, viaGetter: !spec.Remote);
        }
        if (spec.Remote) return null;
        if (spec.Path.Contains("://", StringComparison.Ordinal)) throw RemoteValueFile.NotFetched(spec.Path);
        var full = Path.GetFullPath(spec.Path, workingDirectory);
        if (File.Exists(full)) return ValueFileSource.Local(full, spec.Path);
        if (spec.Optional) return null;
        throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {spec.Path}", "prefix the file with ? to make it optional");
    }

    private static SecretsKitException RemoteNotServed(ValueFileSpec spec) =>
        new(ExitCodes.Generic, $"remote value file {RemoteValueFile.Redact(spec.Path)} is not fetched here", "use `secretskit helm` or the secrets plugin for remote secrets:// files");
}
