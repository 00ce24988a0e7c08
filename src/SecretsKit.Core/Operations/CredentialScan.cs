using System.Text;
using SecretsKit.Core.Credentials;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <see cref="PlaintextScanner"/>'s pass over every scanned text file, whatever the creation rules say: private keys
/// (<see cref="PrivateKeyFinder"/>) and the other credentials <see cref="CredentialFinder"/> knows, each unless
/// <see cref="PrivateKeyFinder.AllowFile"/> allows its rule in that file. Files over <see cref="MaxFileBytes"/> and
/// binary files (a NUL byte in their first 8 KiB, as git judges them) are not read. A file another finding already
/// names as plaintext to encrypt gets no credential findings besides a private key (encrypting it is the fix).
/// </summary>
internal sealed class CredentialScan(ScanAllowList allowed, Func<ScannedFile, string> display)
{
    /// <summary>Largest file looked at: key files and manifests are kilobytes; this skips images, archives and dumps.</summary>
    public const long MaxFileBytes = 1 << 20;

    private const string Advice = "remove it from git and revoke it, it stays in the history";

    public IEnumerable<ScanFinding> Find(IEnumerable<ScannedFile> files, IReadOnlySet<string> reported)
    {
        foreach (var file in files.OrderBy(f => f.Relative, StringComparer.Ordinal))
        {
            if (!file.Exists || file.Length > MaxFileBytes || allowed.Allows(file.Relative)) continue;
            var content = file.Content();
            if (IsBinary(content)) continue;
            var hits = reported.Contains(display(file)) ? [] : CredentialFinder.Find(file.Relative, Encoding.UTF8.GetString(content))
                .Where(h => !allowed.Allows(file.Relative, h.RuleId)).ToList();
            if (!hits.Any(h => h.RuleId == "gcp-service-account") && !allowed.Allows(file.Relative, CredentialShapes.PrivateKeyId)
                && PrivateKeyFinder.Find(content) is { } key)
            {
                yield return new ScanFinding(display(file), null,
                    $"holds a private key ({key.Kind}, line {key.Line}); remove it from git and replace the key, which stays in the history")
                { PrivateKey = true, RuleId = CredentialShapes.PrivateKeyId, Line = key.Line };
            }
            foreach (var hit in hits)
            {
                yield return new ScanFinding(display(file), null, $"{hit.What} ({hit.RuleId}, line {hit.Line}); {AdviceFor(hit.RuleId)}")
                { RuleId = hit.RuleId, Line = hit.Line };
            }
        }
    }

    private static string AdviceFor(string ruleId) => ruleId switch
    {
        "kubernetes-secret-yaml" => "encrypt the file (secretskit encrypt -i) or render the Secret from encrypted values; what was committed stays in the history",
        "generic-api-key" => "encrypt the value (a secrets file, secretskit encrypt) or list the file in " + PrivateKeyFinder.AllowFile + " if it is no secret",
        "scan-budget" => "list the file in " + PrivateKeyFinder.AllowFile + " after checking it by hand",
        _ => Advice,
    };

    /// <summary>A NUL byte in the first 8 KiB: what git calls a binary file.</summary>
    private static bool IsBinary(byte[] content) => content.AsSpan(0, Math.Min(content.Length, 8000)).IndexOf((byte)0) >= 0;
}
