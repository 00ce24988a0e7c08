using SecretsKit.Core.Config;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Finds files that a creation rule of their governing <c>.sops.yaml</c> matches and that are not encrypted, wholly
/// (no sops metadata; reported only when the file looks like secrets (<see cref="SecretsLookout"/>), the rule says
/// <c>scan: {require_encrypted: true}</c> or <see cref="ScanOptions.All"/> is set) or partly (a value the file's own
/// crypt rules cover is not an <c>ENC[…]</c> string); decrypted copies of encrypted files (<see cref="DecryptedCopyFinder"/>);
/// and, in every text file whatever the rules say, private keys and other credentials (<see cref="CredentialScan"/>).
/// Files come from <c>git ls-files</c> inside a work tree (tracked and untracked, ignored files skipped), else from a
/// directory walk of at most <see cref="ScanOptions.MaxFiles"/> files; with <see cref="ScanOptions.Staged"/> from the git
/// index (<see cref="GitIndex"/>), where a path left in conflict by a merge is a finding of its own.
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
        List<string>? walked = null;
        var staged = options.Staged ? await new GitIndex(processes).ReadAsync(root, cancellationToken) : null;
        var files = staged?.Files
            ?? ScannedFile.FromDisk(root, await GitFilesAsync(root, cancellationToken) ?? (walked = WalkFiles(root, options.MaxFiles + 1)).Take(options.MaxFiles));
        var findings = staged?.Unmerged.Select(p => Unmerged(root, p)).ToList() ?? [];
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
        var present = files.Where(f => f.Exists).ToList();
        var ignored = await IgnoredAsync(root, present.Where(f => f.Name == DecryptedCopyFinder.Manifest), cancellationToken);
        var copies = await new DecryptedCopyFinder(options, ignored).FindAsync(present, Display, cancellationToken);
        findings.AddRange(copies.Where(c => !findings.Any(f => f.Path == c.Path)));
        var reported = findings.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        findings.AddRange(new CredentialScan(ScanAllowList.Load(root), Display).Find(files, reported));
        if (walked is { Count: > 0 } && walked.Count > options.MaxFiles)
        {
            findings.Add(new ScanFinding(Path.GetRelativePath(environment.CurrentDirectory, root).Replace('\\', '/'), null,
                $"holds more than {options.MaxFiles} files, the budget of a scan outside a git work tree: only the first {options.MaxFiles} were read; "
                + "scan a git work tree (its tracked files) or a smaller directory") { RuleId = "scan-budget" });
        }
        return findings;
    }

    /// <summary>
    /// A path in conflict in the index: what the commit will hold is the file once resolved and staged, which a later scan
    /// reads; until then there is nothing staged to check, and git commits nothing while a conflict is left.
    /// </summary>
    private ScanFinding Unmerged(string root, string relative) =>
        new(Display(Path.Combine(root, relative)), null,
            "has an unresolved merge conflict, so nothing of it is staged yet; resolve it, stage the result (git add) and scan again")
        { RuleId = "merge-conflict" };

    private string Display(ScannedFile file) => Display(file.FullPath);

    private string Display(string fullPath) => Path.GetRelativePath(environment.CurrentDirectory, fullPath).Replace('\\', '/');

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
        return FluxDecryption.Problems(document, content.LongLength).Select(p => new ScanFinding(displayPath, null, "Flux: " + p.Text) { RuleId = "flux-decryption" }).ToList();
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

    /// <summary>
    /// Which of the copies the <c>.secretskit-dec</c> lists name git ignores (full paths): <c>git check-ignore</c>, which
    /// counts a tracked file as not ignored. Outside a work tree (or without git) none is.
    /// </summary>
    private async Task<IReadOnlySet<string>> IgnoredAsync(string root, IEnumerable<ScannedFile> manifests, CancellationToken ct)
    {
        var listed = manifests.SelectMany(DecryptedCopyFinder.Listed).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Distinct().ToList();
        if (listed.Count == 0) return new HashSet<string>();
        ProcessResult result;
        try
        {
            var stdin = System.Text.Encoding.UTF8.GetBytes(string.Join('\0', listed) + "\0");
            result = await processes.RunAsync(new ProcessSpec("git", ["-C", root, "check-ignore", "-z", "--stdin"], stdin), ct);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return new HashSet<string>();
        }
        if (result.ExitCode is not (0 or 1)) return new HashSet<string>();
        return System.Text.Encoding.UTF8.GetString(result.StandardOutput).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => Path.GetFullPath(r, root)).ToHashSet(StringComparer.Ordinal);
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

    /// <summary>Every file below <paramref name="root"/> (no git), at most <paramref name="limit"/>, skipping build and VCS folders and links.</summary>
    private static List<string> WalkFiles(string root, int limit)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0 && found.Count < limit)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (!SkippedDirectories.Contains(name) && !new DirectoryInfo(sub).Attributes.HasFlag(FileAttributes.ReparsePoint)) pending.Push(sub);
            }
            found.AddRange(Directory.EnumerateFiles(dir).Take(limit - found.Count).Select(f => Path.GetRelativePath(root, f)));
        }
        return found;
    }
}
