using SecretsKit.Core.Credentials;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Whether a plaintext file looks like it holds secrets, for <see cref="PlaintextScanner"/>: a creation rule says how
/// to encrypt a file, not that every file it matches must be encrypted, so a matched plaintext file is reported only
/// when it is named like a secrets file (a path part <c>secrets</c>/<c>credentials</c>/<c>creds</c>, a <c>.env</c> file,
/// a private-key file name) or when it is YAML/JSON/dotenv/INI holding a non-empty value under a key named like a
/// secret (<see cref="SecretKeys"/>) or a Kubernetes Secret with data.
/// </summary>
public static class SecretsLookout
{
    private static readonly string[] SecretNameParts = ["secrets", "credentials", "creds"];

    private static readonly string[] KeyFileNames = ["id_rsa", "id_ecdsa", "id_ed25519", "id_dsa"];

    private static readonly string[] KeyFileExtensions = [".key", ".p12", ".pfx", ".jks", ".keystore"];

    /// <summary>True when <paramref name="relativePath"/> or its <paramref name="content"/> looks like secrets.</summary>
    public static bool LooksLikeSecrets(string relativePath, byte[] content) =>
        NamedLikeSecrets(relativePath) || HoldsSecretLookingValues(relativePath, content);

    /// <summary>A path part named <c>secrets</c>/<c>credentials</c>/<c>creds</c>, a dotenv file or a private-key file.</summary>
    public static bool NamedLikeSecrets(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return false;
        var name = parts[^1].ToLowerInvariant();
        if (name == ".env" || (name.StartsWith(".env.", StringComparison.Ordinal) && !IsSample(name))) return true;
        if (KeyFileNames.Contains(name) || KeyFileExtensions.Contains(Path.GetExtension(name))) return true;
        var stem = Path.GetFileNameWithoutExtension(name);
        return parts[..^1].Append(stem).Any(part => Words(part).Any(w => SecretNameParts.Contains(w)));
    }

    /// <summary>Structured content (by extension) with a non-empty plaintext value under a key named like a secret.</summary>
    public static bool HoldsSecretLookingValues(string relativePath, byte[] content)
    {
        var formatName = FormatRegistry.NameForPath(relativePath);
        if (formatName == "binary") return false;
        SopsTree tree;
        try
        {
            tree = FormatRegistry.Create(formatName).ParsePlain(content);
        }
#pragma warning disable CA1031 // any parse failure means "not structured data we can judge", never an error of the scan
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
        return tree.Branches.Any(b => IsKubernetesSecretWithData(b) || HasSecretLookingLeaf(b));
    }

    private static bool HasSecretLookingLeaf(TreeNode node) => node switch
    {
        TreeBranch b => b.Items.Any(i => i.Key is not null && (IsSecretLooking(i.Key, i.Value) || HasSecretLookingLeaf(i.Value))),
        Sequence s => s.Items.Any(HasSecretLookingLeaf),
        _ => false,
    };

    private static bool IsSecretLooking(string key, TreeNode value)
    {
        var text = value switch
        {
            StringValue s => s.Value,
            IntValue i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        return !string.IsNullOrWhiteSpace(text) && !SecretKeys.IsReference(text) && SecretKeys.IsSecretName(key);
    }

    private static bool IsKubernetesSecretWithData(TreeBranch document) =>
        document.Get("kind") is StringValue { Value: "Secret" }
        && (HasNonEmpty(document.Get("data")) || HasNonEmpty(document.Get("stringData")));

    private static bool HasNonEmpty(TreeNode? node) =>
        node is TreeBranch b && b.Items.Any(i => i.Key is not null && i.Value is StringValue s && s.Value.Length > 0 && !SecretKeys.IsReference(s.Value));

    private static bool IsSample(string name) =>
        name.EndsWith(".example", StringComparison.Ordinal) || name.EndsWith(".sample", StringComparison.Ordinal)
        || name.EndsWith(".template", StringComparison.Ordinal) || name.EndsWith(".dist", StringComparison.Ordinal);

    private static IEnumerable<string> Words(string part) =>
        part.ToLowerInvariant().Split(['.', '-', '_', ' '], StringSplitOptions.RemoveEmptyEntries);
}
