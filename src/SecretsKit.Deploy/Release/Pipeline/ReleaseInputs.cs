using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Refs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The helm value arguments of one release in one environment, ready to use: environment values, environment secrets,
/// release values, release secrets (SOPS files decrypted and <c>ref+…</c> resolved into a private 0700 temp dir), then
/// <c>set</c> entries — a ref goes into a generated values file in a private temp dir, a plain value becomes
/// <c>--set</c>. No secret ever reaches the argv. Dispose removes every plaintext file.
/// </summary>
public sealed class ReleaseInputs : IDisposable
{
    private readonly List<IDisposable> _owned;

    private ReleaseInputs(Accumulated acc)
    {
        ValueArgs = acc.Args;
        SensitiveValues = acc.Sensitive;
        Provenance = acc.Provenance;
        SecretKeyPaths = acc.SecretKeys;
        EncryptedFiles = acc.Encrypted;
        DecryptedFiles = acc.Decrypted;
        DataKeys = acc.DataKeys.ToArray();
        _owned = acc.Owned;
    }

    /// <summary><c>-f path</c> pairs then <c>--set name=value</c> pairs, in helm's precedence order.</summary>
    public IReadOnlyList<string> ValueArgs { get; }

    /// <summary>Every leaf string of the decrypted secrets and every resolved ref (≥ 4 characters): redacted in output.</summary>
    public IReadOnlyCollection<string> SensitiveValues { get; }

    /// <summary>The release's values as helm merges them, each with its source (encrypted or not), for the plain-text checks.</summary>
    public ValueProvenance Provenance { get; }

    /// <summary>
    /// The key paths of the release's secret values: every leaf of its decrypted secrets files, every values key a
    /// <c>ref+</c> resolved, every <c>set</c> entry that is a ref (for the release record and the secretKeys gate; no value).
    /// </summary>
    public IReadOnlyCollection<string> SecretKeyPaths { get; }

    /// <summary>The local SOPS files the release decrypted: as the state names them, and their full paths (encrypted bytes, no plaintext).</summary>
    public IReadOnlyList<(string Shown, string Path)> EncryptedFiles { get; }

    /// <summary>The private directories holding plaintext for this release (for tests and diagnostics).</summary>
    public IReadOnlyList<string> PrivateDirectories { get; private set; } = [];

    /// <summary>The <c>-f</c> files helm reads that are decrypted SOPS files: every value in them is secret (for <c>--secrets-as</c>).</summary>
    public IReadOnlySet<string> DecryptedFiles { get; }

    /// <summary>The data key of each SOPS file decrypted, by source (full path or URL): what the release's placeholder key is made from.</summary>
    public IReadOnlyCollection<KeyValuePair<string, byte[]>> DataKeys { get; }

    /// <summary>
    /// The release's value arguments, and after them what the command line adds (<paramref name="overrides"/>): its
    /// <c>--values</c> files (decrypted when SOPS-encrypted) and its <c>--set</c>s.
    /// </summary>
    public static async Task<ReleaseInputs> PrepareAsync(ReleaseTarget target, string baseDirectory, ReleaseDecryption decryption, CancellationToken cancellationToken,
        CommandLineOverrides? overrides = null)
    {
        var ordered = target.ValueFiles();
        ordered.AddRange((overrides?.Values ?? []).Select(v => (v, false)));
        var acc = new Accumulated();
        try
        {
            foreach (var (spec, _) in ordered.Where(o => o.Secret)) CheckRemoteSecret(target, spec, decryption);
            var decryptor = new SecretValuesDecryptor(decryption.Engine, decryption.Options, baseDirectory);
            var settings = new DecryptorSettings(Refs: decryption.Refs, Remote: decryption.Remote, RemoteCopies: true, Warn: decryption.Warn,
                DataKey: (source, key) => acc.DataKeys[source] = key);
            var files = await decryptor.DecryptAsync(ordered.Select(o => o.Spec), settings, cancellationToken);
            acc.Owned.Add(files);
            if (files.TempDirectory is { } dir) acc.Directories.Add(dir);
            await AddValueFilesAsync(acc, ordered, files, (baseDirectory, decryption.Remote?.CurrentDirectory ?? baseDirectory),
                decryption.AllowUnencryptedSecrets ? null : target.Id, target.Spec.RenderedValues, cancellationToken);
            await AddSetsAsync(acc, target, decryption.Refs, cancellationToken);
            AddCommandLineSets(acc, overrides?.Set ?? []);
            return new ReleaseInputs(acc) { PrivateDirectories = acc.Directories };
        }
        catch
        {
            foreach (var o in acc.Owned) o.Dispose();
            throw;
        }
    }

    /// <summary>What <see cref="PrepareAsync"/> has gathered so far.</summary>
    private sealed class Accumulated
    {
        public List<IDisposable> Owned { get; } = [];

        public HashSet<string> Sensitive { get; } = new(StringComparer.Ordinal);

        public List<string> Args { get; } = [];

        public List<string> Directories { get; } = [];

        public ValueProvenance Provenance { get; } = new();

        public HashSet<string> Decrypted { get; } = new(StringComparer.Ordinal);

        public System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> DataKeys { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> SecretKeys { get; } = new(StringComparer.Ordinal);

        public List<(string Shown, string Path)> Encrypted { get; } = [];
    }

    /// <summary>A remote file under <c>secrets:</c> must be one SecretsKit fetches and decrypts: http(s), with an environment to fetch it.</summary>
    private static void CheckRemoteSecret(ReleaseTarget target, string spec, ReleaseDecryption decryption)
    {
        var parsed = ValueFileSpec.Parse(spec);
        if (!parsed.Remote) return;
        if (!RemoteValueFile.IsHttp(parsed.Path) || decryption.Remote is null)
        {
            var e = RemoteValueFile.NotFetched(parsed.Path);
            throw new SecretsKitException(e.ExitCode, $"release {target.Id} secrets: {e.Message}", e.Hint);
        }
    }

    private static string Expand(ReleaseTarget target, string s) => PathTemplate.Expand(s, target.Environment.Name, target.Spec);

    /// <summary>
    /// <c>-f</c> per value file (decrypted or ref-resolved copy where there is one); what is secret in them is noted. With
    /// <paramref name="refuseUnencryptedFor"/> (the release id), a secrets file used as it is (no SOPS metadata, no ref),
    /// local or remote, is refused.
    /// </summary>
    private static async Task AddValueFilesAsync(Accumulated acc, List<(string Spec, bool Secret)> ordered, DecryptedValueFiles files,
        (string Base, string Current) directories, string? refuseUnencryptedFor, IReadOnlyDictionary<string, string> renderedFrom, CancellationToken cancellationToken)
    {
        var baseDirectory = directories.Base;
        foreach (var (spec, secret) in ordered)
        {
            if (files.Map(spec) is not { } mapped) continue;
            var parsed = ValueFileSpec.Parse(spec);
            if (parsed.Remote)
            {
                // fetched into the private dir (decrypted, ref-resolved, or as it was): helm reads that copy, never the URL
                var asIs = files.UsedAsIs(spec);
                if (secret && asIs && refuseUnencryptedFor is not null) throw ReleaseDecryption.NotEncrypted($"release {refuseUnencryptedFor} secrets", RemoteValueFile.Redact(spec), null);
                if ((secret || !asIs) && mapped != spec) acc.Sensitive.UnionWith(SensitiveLeaves.Of(await File.ReadAllTextAsync(mapped, cancellationToken)));
                if (secret && !asIs) acc.SecretKeys.UnionWith(ValueLeaves.KeyPaths(BoundedFile.ReadText(mapped, RemoteValueFile.Redact(spec))));
                acc.Provenance.AddFile(RemoteValueFile.Redact(spec), BoundedFile.ReadText(mapped, RemoteValueFile.Redact(spec)), encrypted: secret && !asIs);
                if (acc.DataKeys.ContainsKey(parsed.Path)) acc.Decrypted.Add(mapped);
            }
            else
            {
                var source = Path.GetFullPath(parsed.Path, baseDirectory);
                var used = Path.GetFullPath(mapped, baseDirectory);
                if (secret && used == source && refuseUnencryptedFor is not null) throw ReleaseDecryption.NotEncrypted($"release {refuseUnencryptedFor} secrets", spec, Path.GetRelativePath(directories.Current, source));
                var text = BoundedFile.ReadText(used, spec);
                if (used != source && acc.DataKeys.ContainsKey(source)) acc.Decrypted.Add(mapped);
                if (secret)
                {
                    acc.Sensitive.UnionWith(SensitiveLeaves.Of(text));
                    acc.SecretKeys.UnionWith(ValueLeaves.KeyPaths(text));
                    if (used != source) acc.Encrypted.Add((spec, source));
                    acc.Provenance.AddFile(spec, text, encrypted: used != source);
                }
                else if (used != source)
                {
                    // resolved refs (or a SOPS file listed under values): what changed is secret
                    var plain = SensitiveLeaves.Of(text);
                    plain.ExceptWith(SensitiveLeaves.Of(await File.ReadAllTextAsync(source, cancellationToken)));
                    acc.Sensitive.UnionWith(plain);
                    acc.SecretKeys.UnionWith(ValueLeaves.KeyPaths(text, plain.Contains));
                    acc.Provenance.AddFile(spec, text, encrypted: false, resolvedRefs: plain);
                }
                else
                {
                    acc.Provenance.AddFile(renderedFrom.GetValueOrDefault(source, spec), text, encrypted: false, rendered: renderedFrom.ContainsKey(source));
                }
            }
            acc.Args.Add("-f");
            acc.Args.Add(mapped);
        }
    }

    /// <summary>
    /// <c>set</c> entries: refs resolved into a values file in a private temp dir (never the argv), plain values as
    /// <c>--set</c>/<c>--set-string</c> after it.
    /// </summary>
    private static async Task AddSetsAsync(Accumulated acc, ReleaseTarget target, RefResolver? refs, CancellationToken cancellationToken)
    {
        var refSets = new List<(SetValue Set, ResolvedRef Value)>();
        var plainSets = new List<(string Flag, string Value)>();
        foreach (var set in target.Spec.Set)
        {
            if (set.Value.Length == 0)
            {
                plainSets.Add(ListOrFileSet(target, set));
                continue;
            }
            var value = Expand(target, set.Value);
            if (RefUri.IsRef(value))
            {
                if (refs is null) throw new SecretsKitException(ExitCodes.Generic, $"release {target.Id}: set {set.Name} is a ref but refs are disabled");
                var resolved = await refs.ResolveAsync(value, cancellationToken);
                if (SensitiveLeaves.Counts(resolved.Text)) acc.Sensitive.Add(resolved.Text);
                acc.Provenance.AddValue(set.Name, resolved.Text, $"set {set.Name} (ref+)", encrypted: true);
                acc.SecretKeys.Add(set.Name);
                refSets.Add((set, resolved));
            }
            else
            {
                plainSets.Add((set.IsString ? "--set-string" : "--set", $"{set.Name}={EscapeSetValue(value)}"));
                acc.Provenance.AddValue(set.Name, value, $"set {set.Name}", encrypted: false);
            }
        }
        if (refSets.Count > 0)
        {
            var temp = PrivateTempDirectory.Create("secretskit-release-");
            acc.Owned.Add(temp);
            acc.Directories.Add(temp.Path);
            acc.Args.Add("-f");
            acc.Args.Add(temp.WriteFile("set-values.yaml", Encoding.UTF8.GetBytes(SetValuesYaml(target, refSets))));
        }
        foreach (var (flag, s) in plainSets)
        {
            acc.Args.Add(flag);
            acc.Args.Add(s);
        }
    }

    /// <summary>helmfile's <c>--set</c> arguments, after the release's own (<see cref="CommandLineSets"/>).</summary>
    private static void AddCommandLineSets(Accumulated acc, IReadOnlyList<string> sets)
    {
        CommandLineSets.RefuseReferences(sets);
        acc.Sensitive.UnionWith(CommandLineSets.Secrets(sets));
        foreach (var set in sets)
        {
            acc.Args.Add("--set");
            acc.Args.Add(set);
        }
    }

    /// <summary>
    /// helmfile's <c>set</c> entry without a value: <c>file</c> becomes <c>--set-file name=path</c>, <c>values</c>
    /// <c>--set name={a,b}</c> (<c>--set-string</c> for setString), with <c>{</c>, <c>}</c> and <c>,</c> escaped in each item.
    /// A ref in them would reach helm's argv: refused.
    /// </summary>
    private static (string Flag, string Value) ListOrFileSet(ReleaseTarget target, SetValue set)
    {
        if (set.File is { } file) return ("--set-file", $"{set.Name}={Expand(target, file)}");
        var items = set.Values.Select(v => Expand(target, v)).ToList();
        if (items.Any(RefUri.IsRef))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"release {target.Id}: set {set.Name} lists a ref in values:, which would reach helm's command line",
                "give it as value: (one ref per entry) or in a values file");
        }
        return (set.IsString ? "--set-string" : "--set", $"{set.Name}={{{string.Join(',', items.Select(EscapeListItem))}}}");
    }

    /// <summary>helmfile's <c>escape</c> for an item of a <c>values:</c> list.</summary>
    private static string EscapeListItem(string item) => item.Replace("{", "\\{", StringComparison.Ordinal)
        .Replace("}", "\\}", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);

    public void Dispose()
    {
        foreach (var o in _owned) o.Dispose();
        _owned.Clear();
    }

    /// <summary>helm's <c>--set</c> parser splits on commas and reads backslash escapes: keep a plain value literal.</summary>
    internal static string EscapeSetValue(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or ',') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>The values file standing in for <c>--set</c> entries whose value is a resolved ref.</summary>
    internal static string SetValuesYaml(ReleaseTarget target, IReadOnlyList<(SetValue Set, ResolvedRef Value)> sets)
    {
        var root = new YamlMappingNode();
        foreach (var (set, value) in sets)
        {
            var path = SplitName(target, set.Name);
            var node = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                var key = new YamlScalarNode(path[i]);
                if (!node.Children.TryGetValue(key, out var child) || child is not YamlMappingNode map)
                {
                    map = new YamlMappingNode();
                    node.Children[key] = map;
                }
                node = map;
            }
            node.Children[new YamlScalarNode(path[^1])] = new YamlScalarNode(value.Text)
            {
                Style = value.Typed ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted,
            };
        }
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static List<string> SplitName(ReleaseTarget target, string name)
    {
        if (name.Contains('[', StringComparison.Ordinal) || name.Contains(',', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"release {target.Id}: set {name} holds a ref, and only dotted names (a.b.c) are supported for refs",
                "put the value in a values file instead");
        }
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && i + 1 < name.Length) current.Append(name[++i]);
            else if (name[i] == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else current.Append(name[i]);
        }
        parts.Add(current.ToString());
        if (parts.Any(p => p.Length == 0)) throw new SecretsKitException(ExitCodes.Generic, $"release {target.Id}: set name '{name}' has an empty part");
        return parts;
    }
}
