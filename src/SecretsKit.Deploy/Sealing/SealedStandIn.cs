using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// A deterministic stand-in of each sealed <c>SopsSecret</c> in a manifest stream, for what is compared and approved
/// (<c>release diff</c>, its <c>--digest</c>, a promotion's approval gate): its <c>spec.sops</c> ciphertext, which a new
/// sealing makes with fresh randomness, becomes one line naming the sealed keys, while the document keeps its
/// <see cref="SealDigest.Annotation"/> (made from the Secret with placeholders: keyed digests, never a value). Two sealings
/// of the same values so read the same, and a changed value changes the annotation. Every other document is kept as it is.
/// </summary>
public static class SealedStandIn
{
    /// <summary>How the stand-in of the ciphertext starts.</summary>
    public const string Prefix = "(sealed for the cluster";

    /// <summary>The stream with every sealed SopsSecret's ciphertext replaced by its stand-in; null stays null.</summary>
    public static string? Of(string? stream)
    {
        if (string.IsNullOrEmpty(stream) || !stream.Contains(SealDigest.Annotation, StringComparison.Ordinal)) return stream;
        var documents = ManifestDocuments.Split(stream)
            .Select(d => d.HasContent && d.Text.Contains(SealDigest.Annotation, StringComparison.Ordinal) && StandIn(d.Text) is { } text ? d with { Text = text } : d);
        return ManifestDocuments.Join(documents);
    }

    private static string? StandIn(string text)
    {
        var tree = SecretSealer.Parse(text);
        if (tree is null || RenderedSecret.Text(tree.Get("kind")) != "SopsSecret" || tree.Get("spec") is not TreeBranch spec
            || RenderedSecret.Text(spec.Get("sops")) is not { } sops)
        {
            return null;
        }
        var keys = (SecretSealer.Parse(sops)?.Get("data") as TreeBranch)?.Items.Where(i => !i.IsComment).Select(i => i.Key!).ToList() ?? [];
        var standIn = $"{Prefix}: {keys.Count} key{(keys.Count == 1 ? "" : "s")}{(keys.Count == 0 ? "" : ": " + string.Join(", ", keys))})";
        var newSpec = new TreeBranch(spec.Items.Select(i => i.Key == "sops" ? new TreeItem("sops", new StringValue(standIn)) : i).ToList());
        var newTree = new TreeBranch(tree.Items.Select(i => i.Key == "spec" ? new TreeItem("spec", newSpec) : i).ToList());
        var body = Encoding.UTF8.GetString(new YamlFormat(2).EmitPlain(new SopsTree([newTree])));
        return ManifestDocuments.Comments(text) + body;
    }
}
