using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <c>scan --recipients</c> over a directory: every SOPS file below it (skipping <c>.git</c>, <c>bin</c>, <c>obj</c>,
/// <c>node_modules</c> and links) that a <c>.sops.yaml</c> with <c>creation_rules</c> governs, checked by
/// <see cref="RecipientChecker"/>. Reads metadata only: no private key is needed.
/// </summary>
public static class RecipientScanner
{
    /// <summary>The findings about the files under <paramref name="directory"/>, in path order.</summary>
    public static IReadOnlyList<RecipientFinding> Scan(string directory, string? explicitConfig, KeySourceRegistry registry, IEnvironment environment,
        CancellationToken cancellationToken = default)
    {
        var checker = new RecipientChecker(registry, environment);
        var findings = new List<RecipientFinding>();
        foreach (var file in RepoWalker.FindFiles(Path.GetFullPath(directory, environment.CurrentDirectory)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(file) == Config.ConfigLocator.FileName) continue;
            if (checker.Check(file, explicitConfig) is { } found) findings.AddRange(found.Findings);
        }
        return findings;
    }
}
