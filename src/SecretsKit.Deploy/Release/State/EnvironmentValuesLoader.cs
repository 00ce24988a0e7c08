using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Redaction;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Builds the state values of one environment in helmfile's order: top-level <c>values:</c>, the environment's
/// <c>values:</c> (files, <c>.gotmpl</c> files rendered with the values so far, inline maps), its <c>secrets:</c>
/// (local or <c>http(s)://</c>, decrypted in memory by SecretsKit's core, merged over), then <c>--state-values-file</c> and <c>--state-values-set</c>.
/// </summary>
internal sealed class EnvironmentValuesLoader(StateLoadOptions options, StateTemplates templates)
{
    public HashSet<string> Sensitive { get; } = new(StringComparer.Ordinal);

    /// <summary>The same values with their sources, for the plain-text checks.</summary>
    public ValueProvenance Provenance { get; } = new();

    /// <summary>The local <c>secrets:</c> files of the environment that were read (full paths), in order.</summary>
    public List<string> SecretFiles { get; } = [];

    public async Task<Dictionary<string, object?>> LoadAsync(ReleaseFile file, ReleaseEnvironment? environment,
        IReadOnlyList<ValuesEntry> passedValues, CancellationToken ct)
    {
        var values = StateValues.Empty();
        var dir = file.BaseDirectory;
        var handler = environment?.MissingFileHandler ?? file.MissingFileHandler;
        AddEntries(values, file.StateValues, dir, file.Path + " values", handler, environment?.KubeContext);
        AddEntries(values, passedValues, dir, file.Path + " helmfiles values", handler, environment?.KubeContext);
        if (environment is not null)
        {
            var where = $"{file.Path} environments.{environment.Name}";
            AddEntries(values, environment.ValueEntries, dir, where, handler, environment.KubeContext, $"environments.{environment.Name}");
            for (var i = 0; i < environment.Secrets.Count; i++)
            {
                var secret = environment.Secrets[i];
                if (secret.Contains("://", StringComparison.Ordinal))
                {
                    if (options.KeylessSecrets) continue; // a remote file is fetched to be decrypted: not without a key
                    StateValues.Merge(values, await DecryptRemoteAsync(secret, ct));
                    continue;
                }
                var full = Path.GetFullPath(secret, dir);
                if (!File.Exists(full))
                {
                    var origin = i < environment.SecretOrigins.Count ? $"{environment.SecretOrigins[i]}: environments.{environment.Name}" : where;
                    MissingFiles.Handle(handler, origin + " secrets", secret, options.Warn, options.Info, secrets: true);
                    continue;
                }
                SecretFiles.Add(full);
                var content = await BoundedFile.ReadBytesAsync(full, secret, ct);
                StateValues.Merge(values, options.KeylessSecrets ? KeysOnly(content, secret) : await DecryptAsync(content, full, secret, ct));
            }
        }
        foreach (var path in options.StateValuesFiles)
        {
            var full = Path.GetFullPath(path, options.ProcessEnvironment.CurrentDirectory);
            if (!File.Exists(full)) throw new SecretsKitException(ExitCodes.Generic, $"--state-values-file {path} does not exist");
            var text = BoundedFile.ReadText(full, path);
            Provenance.AddFile(path, text, encrypted: false);
            StateValues.Merge(values, StateValues.ParseYaml(text, path));
        }
        foreach (var set in options.StateValuesSet) StateValues.Set(values, set);
        foreach (var set in options.StateValuesSetString) StateValues.Set(values, set, strings: true);
        return values;
    }

    private void AddEntries(Dictionary<string, object?> values, IReadOnlyList<ValuesEntry> entries, string dir, string where,
        MissingFileHandler handler, string? kubeContext, string? section = null)
    {
        foreach (var entry in entries)
        {
            if (entry.InlineYaml is { } inline)
            {
                Provenance.AddFile(where + " inline values", inline, encrypted: false, rendered: true);
                StateValues.Merge(values, StateValues.ParseYaml(inline, where));
                continue;
            }
            var full = Path.GetFullPath(entry.Path!, dir);
            if (!File.Exists(full))
            {
                MissingFiles.Handle(handler, section is not null && entry.Where is { } origin ? $"{origin}: {section}" : where, entry.Path!, options.Warn, options.Info);
                continue;
            }
            var text = BoundedFile.ReadText(full, entry.Path!);
            if (full.EndsWith(".gotmpl", StringComparison.Ordinal))
            {
                // --state-values-set values are seen by the environment's templates already, as in helmfile
                text = templates.Render(entry.Path!, text, StateTemplates.Data(options.Environment, kubeContext, WithCommandLine(values)), dir);
            }
            Provenance.AddFile(entry.Path!, text, encrypted: false, rendered: full.EndsWith(".gotmpl", StringComparison.Ordinal));
            StateValues.Merge(values, StateValues.ParseYaml(text, entry.Path!));
        }
    }

    private Dictionary<string, object?> WithCommandLine(Dictionary<string, object?> values)
    {
        if (options.StateValuesSet.Count == 0) return values;
        var copy = StateValues.Merge(StateValues.Empty(), values);
        foreach (var set in options.StateValuesSet) StateValues.Set(copy, set);
        foreach (var set in options.StateValuesSetString) StateValues.Set(copy, set, strings: true);
        return copy;
    }

    /// <summary>An <c>http(s)://</c> environment secrets file, fetched as helm-secrets fetches it (other schemes are refused).</summary>
    private async Task<object?> DecryptRemoteAsync(string url, CancellationToken ct)
    {
        if (!RemoteValueFile.IsHttp(url)) throw RemoteValueFile.NotFetched(url);
        if (options.Decryption.Remote is not { } environment) throw RemoteValueFile.NotFetched(url);
        var content = await RemoteValueFile.FetchAsync(url, environment, ct);
        return await DecryptAsync(content, RemoteValueFile.FileName(url), RemoteValueFile.Redact(url), ct);
    }

    /// <summary>
    /// <see cref="StateLoadOptions.KeylessSecrets"/>: an environment secrets file's keys, each value its stored text (an
    /// <c>ENC[…]</c> string for an encrypted one), the <c>sops</c> block left out; nothing is decrypted.
    /// </summary>
    private static object? KeysOnly(byte[] content, string shown)
    {
        var parsed = StateValues.ParseYaml(Encoding.UTF8.GetString(content), shown);
        if (parsed is Dictionary<string, object?> map) map.Remove("sops");
        return parsed;
    }

    /// <summary><paramref name="content"/> decrypted (its format told by <paramref name="fileName"/>); a plain file is refused unless allowed.</summary>
    private async Task<object?> DecryptAsync(byte[] content, string fileName, string shown, CancellationToken ct)
    {
        byte[]? plain;
        try
        {
            plain = await SopsFileProbe.TryDecryptAsync(options.Decryption.Engine, options.Decryption.Options, content, fileName, ct,
                refusal => options.Warn($"environment secrets {shown}: {refusal}"));
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, $"environment secrets {shown}: {e.Message}", e.Hint, e);
        }
        if (plain is null && !options.Decryption.AllowUnencryptedSecrets) throw ReleaseDecryption.NotEncrypted("environment secrets", shown,
            Path.IsPathRooted(fileName) ? Path.GetRelativePath(options.ProcessEnvironment.CurrentDirectory, fileName) : null);
        var text = Encoding.UTF8.GetString(plain ?? content);
        if (plain is not null) Sensitive.UnionWith(SensitiveLeaves.Of(text));
        Provenance.AddFile(shown, text, encrypted: plain is not null);
        return StateValues.ParseYaml(text, shown);
    }
}
