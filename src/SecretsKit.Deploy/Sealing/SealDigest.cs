using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// What a sealed document was made from, as one SHA-256: the format, the recipients, the SopsSecret's namespaces and key
/// Secret, and the Secret as helm rendered it with placeholders (keyed digests: the sum reveals no value). Written as the
/// sealed document's annotation <see cref="Annotation"/>; the next run keeps the earlier ciphertext when its sum is the
/// same, so re-rendering or re-applying unchanged secrets changes nothing.
/// </summary>
public static class SealDigest
{
    public const string Annotation = "secretskit.io/sealed-digest";

    /// <summary>Helm 4 annotates what a post-renderer reads; it is not part of what was rendered.</summary>
    public const string PostRenderAnnotation = "postrenderer.helm.sh/postrender-filename";

    public static string Of(SealFormat format, SealOptions options, string ns, TreeBranch secretWithPlaceholders)
    {
        var sb = new StringBuilder()
            .Append(SealFormats.Name(format)).Append('\n')
            .Append(options.Recipients.Describe()).Append('\n')
            .Append(format == SealFormat.SopsSecret ? ns + "\n" + options.KeySecret : "").Append('\n');
        var canonical = new JsonFormat().EmitPlain(new SopsTree([Clean(secretWithPlaceholders, 0)]));
        var bytes = Encoding.UTF8.GetBytes(sb.ToString()).Concat(canonical).ToArray();
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>
    /// Comments and the two annotations out (the post-renderer's and an earlier digest), at every level; then an
    /// <c>annotations</c> map left empty is dropped, as Kubernetes reads an empty map and none alike. Helm 4 adds its
    /// annotation to a Secret that had none, so without this the post-renderer of <c>apply</c> and the <c>diff</c> that
    /// renders with <c>helm template</c> would sum the same Secret differently, and every apply would re-seal it.
    /// </summary>
    private static TreeBranch Clean(TreeBranch branch, int depth) =>
        new(branch.Items.Where(i => !i.IsComment && !(depth == 2 && i.Key is Annotation or PostRenderAnnotation))
            .Select(i => i.Value is TreeBranch b ? new TreeItem(i.Key, Clean(b, depth + 1)) : i)
            .Where(i => !(depth == 1 && i.Key == "annotations" && i.Value is TreeBranch { Items.Count: 0 }))
            .ToList());
}
