using SecretsKit.Core.Config;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Finds files that a creation rule of their governing <c>.sops.yaml</c> matches and that are not encrypted, wholly
/// (no sops metadata; reported only when the file looks like secrets (<see cref="SecretsLookout"/>), the rule says
/// <c>scan: {require_encrypted: true}</c> or <see cref="ScanOptions.All"/> is set) or partly (a value the file's own
/// crypt rules cover is not an <c>ENC[…]</c> string). Files
/// come from <c>git ls-files</c> inside a work tree (so ignored files are skipped), else from a directory walk.
/// </summary>
public sealed class PlaintextScanner(IEnvironment environment, IProcessRunner processes)
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules" };

    private readonly Dictionary<string, SopsConfig> _configs = new(StringComparer.Ordinal);

    /// <summary>Scans <paramref name="directory"/>; findings name files relative to the working directory.</summary>
    public Task<IReadOnlyList<ScanFinding>> ScanAsync(string directory, string? explicitConfig, CancellationToken cancellationToken = default) =>
        ScanAsync(directory, explicitConfig, new ScanOptions(), cancellationToken);

    /// <summary>
    /// Scans <paramref name="directory"/> (its work tree, or with <see cref="ScanOptions.Staged"/> the content staged in the
    /// git index) for plaintext that a creation rule covers and for decrypted copies of encrypted files.
    /// </summary>
    public async Task<IReadOnlyList<ScanFinding>> ScanAsync(string directory, string? explicitConfig, ScanOptions options,
        CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(directory, environment.CurrentDirectory);
        if (!Directory.Exists(root))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"scan: {directory} is not a directory");
        }
        var files = options.Staged
            ? await new GitIndex(processes).ReadAsync(root, cancellationToken)
            : ScannedFile.FromDisk(root, await GitFilesAsync(root, cancellationToken) ?? WalkFiles(root));
        var findings = new List<ScanFinding>();
        foreach (var file in files.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!file.Exists || Path.GetFileName(file.FullPath) == ConfigLocator.FileName) continue;
            var rule = MatchRule(file.FullPath, explicitConfig);
            if (rule is null) continue;
            var found = Inspect(Display(file), file.Content());
            if (found is [{ KeyPath: null, Wholly: true }] && !options.All && !rule.Rule.RequireEncrypted
                && !SecretsLookout.LooksLikeSecrets(file.Relative, file.Content()))
            {
                continue; // plaintext that does not look like secrets: the rule says how to encrypt it, not that it must be
            }
            findings.AddRange(found);
            if (found.Count == 0 && (options.Flux || rule.Rule.Flux)) findings.AddRange(FluxFindings(Display(file), file.Content()));
        }
        var copies = await new DecryptedCopyFinder(options).FindAsync(files.Where(f => f.Exists).ToList(), Display, cancellationToken);
        findings.AddRange(copies.Where(c => !findings.Any(f => f.Path == c.Path)));
        findings.AddRange(PrivateKeys(root, files));
        return findings;
    }

    /// <summary>Largest file looked at for private keys: key files are a few kilobytes; this skips images and archives.</summary>
    private const long PrivateKeyFileLimit = 1 << 20;

    /// <summary>Every file (whatever the rules say) holding a private key, unless the allow file lists it.</summary>
    private IEnumerable<ScanFinding> PrivateKeys(string root, IReadOnlyList<ScannedFile> files)
    {
        var allowed = ScanAllowList.Load(root);
        foreach (var file in files.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            if (!file.Exists || file.Length > PrivateKeyFileLimit || allowed.Allows(file.Relative)) continue;
            if (PrivateKeyFinder.Find(file.Content()) is { } key)
            {
                yield return new ScanFinding(Display(file), null,
                    $"holds a private key ({key.Kind}, line {key.Line}); remove it from git and replace the key, which stays in the history")
                { PrivateKey = true };
            }
        }
    }

    private string Display(ScannedFile file) => Path.GetRelativePath(environment.CurrentDirectory, file.FullPath).Replace('\\', '/');

    /// <summary>The findings for one file's content (its format from the name): none when fully encrypted.</summary>
    public static IReadOnlyList<ScanFinding> Inspect(string displayPath, byte[] content)
    {
        var format = FormatRegistry.Create(FormatRegistry.NameForPath(displayPath));
        EncryptedDocument document;
        try
        {
            document = format.ParseEncrypted(content);
        }
        catch (SecretsKitException e) when (e.ExitCode == ExitCodes.CouldNotReadInputFile && format.Name != "binary")
        {
            return [new ScanFinding(displayPath, null, $"cannot be parsed as {format.Name}") { Wholly = true }];
        }
        catch (SecretsKitException)
        {
            return [new ScanFinding(displayPath, null) { Wholly = true }];
        }
        SopsMetadata metadata;
        try
        {
            metadata = MetadataReader.Read(document.Metadata, displayPath);
        }
        catch (SecretsKitException)
        {
            return [new ScanFinding(displayPath, null, "its sops metadata is unreadable")];
        }
        var walker = new PlaintextLeafFinder(CryptRuleMatcher.For(metadata.Rules.OrDefault()));
        foreach (var branch in document.Tree.Branches) walker.Walk(branch);
        return walker.Paths.Distinct(StringComparer.Ordinal).Select(p => new ScanFinding(displayPath, p)).ToList();
    }

    /// <summary>An encrypted YAML or JSON manifest's problems for Flux's kustomize-controller (<see cref="FluxDecryption"/>).</summary>
    private static IEnumerable<ScanFinding> FluxFindings(string displayPath, byte[] content)
    {
        var name = FormatRegistry.NameForPath(displayPath);
        if (name is not ("yaml" or "json")) return [];
        var document = FormatRegistry.Create(name).ParseEncrypted(content);
        return FluxDecryption.Problems(document, content.LongLength).Select(p => new ScanFinding(displayPath, null, "Flux: " + p.Text) { Flux = true }).ToList();
    }

    private CreationRuleMatch? MatchRule(string fullPath, string? explicitConfig)
    {
        var location = new ConfigLocator(environment).Locate(explicitConfig, fullPath);
        if (location.Path is null) return null;
        if (!_configs.TryGetValue(location.Path, out var config))
        {
            config = SopsConfigParser.Load(location.Path);
            _configs[location.Path] = config;
        }
        try
        {
            return config.MatchCreationRule(fullPath, environment.CurrentDirectory);
        }
        catch (SecretsKitException)
        {
            return null; // no rule matches this file: it is not meant to be encrypted
        }
    }

    private async Task<IReadOnlyList<string>?> GitFilesAsync(string root, CancellationToken ct)
    {
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(new ProcessSpec("git",
                ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]), ct);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null; // no git on PATH
        }
        if (result.ExitCode != 0) return null;
        return System.Text.Encoding.UTF8.GetString(result.StandardOutput)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> WalkFiles(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (!SkippedDirectories.Contains(name) && !new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint)) pending.Push(sub);
            }
            found.AddRange(Directory.EnumerateFiles(dir).Select(f => Path.GetRelativePath(root, f)));
        }
        return found;
    }
}
