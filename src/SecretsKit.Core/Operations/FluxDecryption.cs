using System.Globalization;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>
/// What Flux's kustomize-controller (v1.9.4, <c>internal/decryptor/decryptor.go</c> and <c>docs/spec/v1/kustomizations.md</c>)
/// needs of a SOPS-encrypted manifest it decrypts with <c>spec.decryption.provider: sops</c>: <c>apiVersion</c>, <c>kind</c>
/// and <c>metadata</c> in plain text (kustomize reads them before anything is decrypted; its docs ask for
/// <c>--encrypted-regex '^(data|stringData)$'</c>), a top-level <c>sops</c> block with a <c>mac</c> (without one the resource is
/// applied as it is, and a <c>v1/Secret</c> still holding <c>sops</c> is refused), at most 5 MiB for a file it decrypts before
/// the build (a <c>secretGenerator</c> source or a patch). It decrypts any kind that carries <c>sops.mac</c>: a kind other than
/// a <c>v1/Secret</c> puts the plaintext into an object that is not a Secret. It does not check the MAC by default
/// (kustomize changes resources before they are decrypted), so an edit of the plaintext parts goes unnoticed.
/// </summary>
public static class FluxDecryption
{
    /// <summary><c>maxEncryptedFileSize</c>: <c>5 &lt;&lt; 20</c> bytes.</summary>
    public const long MaxFileSize = 5 << 20;

    /// <summary>What kustomize reads before anything is decrypted.</summary>
    private static readonly string[] PlainKeys = ["apiVersion", "kind", "metadata"];

    /// <summary>What Flux's documentation asks for: only data and stringData encrypted.</summary>
    public const string EncryptedRegex = "^(data|stringData)$";

    /// <summary>Which of Flux's rules a problem breaks.</summary>
    public enum Rule
    {
        /// <summary>Over <see cref="MaxFileSize"/>.</summary>
        Size,

        /// <summary>No <c>sops.mac</c>: left encrypted.</summary>
        NoMac,

        /// <summary><c>apiVersion</c>, <c>kind</c> or <c>metadata</c> encrypted.</summary>
        EncryptedMetadata,

        /// <summary>Not a <c>v1/Secret</c>: decrypted into another kind.</summary>
        NotASecret,
    }

    /// <summary>One problem: the rule and a sentence naming keys, never a value.</summary>
    public sealed record Problem(Rule Rule, string Text);

    /// <summary>
    /// Why Flux could not decrypt <paramref name="document"/> (or would decrypt it into a non-Secret). A document that is not
    /// a manifest (no <c>kind</c> key) gives none.
    /// </summary>
    public static IEnumerable<Problem> Problems(EncryptedDocument document, long size)
    {
        if (size > MaxFileSize)
        {
            yield return new(Rule.Size, $"is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes: Flux decrypts no file over {MaxFileSize.ToString("N0", CultureInfo.InvariantCulture)} bytes (5 MiB) given as a secretGenerator source or a patch");
        }
        if (document.Metadata.Get("mac") is null or NullValue)
        {
            yield return new(Rule.NoMac, "has no sops.mac: Flux leaves it encrypted (it decrypts only resources whose sops block has a MAC)");
        }
        foreach (var branch in document.Tree.Branches)
        {
            if (branch.Get("kind") is null) continue;
            var encrypted = PlainKeys.Where(k => HoldsEncrypted(branch.Get(k))).ToList();
            if (encrypted.Count > 0)
            {
                yield return new(Rule.EncryptedMetadata, $"has {string.Join(", ", encrypted)} encrypted: Flux needs apiVersion, kind and metadata in plain text (encrypt with --encrypted-regex '{EncryptedRegex}')");
                continue;
            }
            var kind = (branch.Get("kind") as StringValue)?.Value;
            var apiVersion = (branch.Get("apiVersion") as StringValue)?.Value;
            if (kind != "Secret" || apiVersion != "v1")
            {
                yield return new(Rule.NotASecret, $"is a {apiVersion}/{kind}, not a v1/Secret: Flux decrypts it into a {kind} that holds the plaintext; keep secret values in a Secret");
            }
        }
    }

    private static bool HoldsEncrypted(TreeNode? node) => node switch
    {
        StringValue s => s.Value.StartsWith("ENC[", StringComparison.Ordinal),
        TreeBranch b => b.Items.Any(i => !i.IsComment && HoldsEncrypted(i.Value)),
        Sequence q => q.Items.Any(HoldsEncrypted),
        _ => false,
    };
}
