using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.YamlPreserving;

/// <summary>
/// Format-preserving YAML writes: keeps the original text and rewrites only the scalar tokens (and comment lines)
/// whose values changed, in the token's own style where the new value allows it; removed keys are cut with their
/// lines and new keys are appended at the end of their mapping with the file's indentation. The result always
/// parses (through <see cref="YamlFormat"/>) to exactly the new tree, or the call fails. Nothing extra is stored.
/// </summary>
public static class PreservingYamlDocument
{
    /// <summary>
    /// The text of <paramref name="original"/> changed so that it parses to <paramref name="newTree"/> (one document;
    /// for an encrypted file include the <c>sops</c> item, see <see cref="WithMetadata"/>). Throws (exit 1) when the
    /// layout cannot be kept; callers may then fall back to <see cref="YamlFormat"/>.
    /// </summary>
    public static byte[] Apply(byte[] original, SopsTree newTree) =>
        TryApply(original, newTree)
        ?? throw new SecretsKitException(ExitCodes.Generic,
            "the YAML layout cannot be preserved for this change (several documents, anchors/aliases/tags, reordered keys or changed comments)",
            "run without --preserve-format to write the file in the standard layout");

    /// <summary>As <see cref="Apply"/>, or null when the layout cannot be kept.</summary>
    public static byte[]? TryApply(byte[] original, SopsTree newTree)
    {
        if (newTree.Branches.Count != 1 || original.Length >= 3 && original[0] == 0xEF && original[1] == 0xBB && original[2] == 0xBF) return null;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(original);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        if (text.Contains('\r', StringComparison.Ordinal)) return null;
        var map = YamlSourceMap.TryRead(text);
        if (map is null) return null;
        SopsTree oldTree;
        try
        {
            oldTree = new YamlFormat().ParsePlain(original);
        }
        catch (SecretsKitException)
        {
            return null;
        }
        if (oldTree.Branches.Count != 1) return null;

        var edits = new PreservingEdits(map, text);
        if (!edits.Diff(map.Root, oldTree.Branches[0], newTree.Branches[0])) return null;
        if (!edits.Comments(oldTree.Branches[0], newTree.Branches[0])) return null;
        var result = Encoding.UTF8.GetBytes(edits.ApplyTo(text));
        try
        {
            return new YamlFormat().ParsePlain(result).Equals(newTree) ? result : null;
        }
        catch (SecretsKitException)
        {
            return null;
        }
    }

    /// <summary>An encrypted file's tree as one document: the values plus the <c>sops</c> metadata as the last key.</summary>
    public static SopsTree WithMetadata(SopsTree values, TreeBranch metadata) =>
        new(values.Branches.Select(b => new TreeBranch([.. b.Items, new TreeItem("sops", metadata)])).ToList());

    /// <summary>
    /// Whether an edit of <paramref name="content"/> should keep its layout by default: it is YAML (the only format with a
    /// layout-keeping writer) and not in the layout the YAML emitter would give it anyway.
    /// </summary>
    public static bool NeedsLayoutKept(byte[] content, IFormat format) => Supports(format) && !IsCanonical(content, format);

    /// <summary>Whether layout-keeping writes exist for <paramref name="format"/> (YAML only).</summary>
    public static bool Supports(IFormat format) => format is YamlFormat;

    /// <summary>
    /// True when the file is in the layout <paramref name="format"/> writes (re-emitting it gives the same bytes).
    /// A file that is not was "written that way" by hand, and edits should keep its layout.
    /// </summary>
    public static bool IsCanonical(byte[] content, IFormat format)
    {
        try
        {
            return format.EmitPlain(format.ParsePlain(content)).AsSpan().SequenceEqual(content);
        }
        catch (SecretsKitException)
        {
            return true;
        }
    }
}
