using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// A document sealed before (in the deployed manifest or the previous rendering): its object, the digest it was sealed
/// from (<see cref="SealDigest.Annotation"/>) and what is kept when nothing changed: a SopsSecret's <c>spec.sops</c>, or the
/// whole text of an encrypted <c>Secret</c>.
/// </summary>
public sealed record PreviousSeal(string Kind, string? Namespace, string Name, string? Digest, string Payload)
{
    /// <summary>The sealed documents of a manifest stream; anything else, or a document that cannot be read, is left out.</summary>
    public static List<PreviousSeal> Read(string? stream)
    {
        var found = new List<PreviousSeal>();
        if (string.IsNullOrEmpty(stream)) return found;
        foreach (var document in ManifestDocuments.Split(stream).Where(d => d.HasContent))
        {
            if (!document.Text.Contains(SealDigest.Annotation, StringComparison.Ordinal)) continue;
            TreeBranch tree;
            try
            {
                var branches = new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(document.Text)).Branches;
                tree = branches.Count > 0 ? branches[0] : TreeBranch.Empty;
            }
            catch (SecretsKitException)
            {
                continue;
            }
            if (From(tree, document.Text) is { } seal) found.Add(seal);
        }
        return found;
    }

    private static PreviousSeal? From(TreeBranch tree, string text)
    {
        var kind = RenderedSecret.Text(tree.Get("kind"));
        var metadata = tree.Get("metadata") as TreeBranch ?? TreeBranch.Empty;
        var name = RenderedSecret.Text(metadata.Get("name"));
        var ns = RenderedSecret.Text(metadata.Get("namespace"));
        var digest = RenderedSecret.Text((metadata.Get("annotations") as TreeBranch)?.Get(SealDigest.Annotation));
        if (name is null) return null;
        if (kind == "SopsSecret" && RenderedSecret.Text((tree.Get("spec") as TreeBranch)?.Get("sops")) is { } sops)
        {
            return new PreviousSeal(kind, ns, name, digest, sops);
        }
        if (kind == "Secret" && tree.Get("sops") is TreeBranch)
        {
            return new PreviousSeal(kind, ns, name, digest, ManifestDocuments.Body(text));
        }
        return null;
    }
}
