using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>
/// The key paths of a document with every value replaced by <see cref="Value"/> (<c>clone --keys-only</c>): read from the
/// encrypted tree, whose keys are plain text, so no value is ever decrypted. Nulls stay null (they hold nothing); comments
/// that are encrypted (<c>ENC[…]</c>) are left out, plain ones kept.
/// </summary>
public static class KeyPlaceholders
{
    /// <summary>The placeholder a new environment's values start as; the release's policy stage refuses it (SK-PLACEHOLDER-001).</summary>
    public const string Value = "CHANGE_ME";

    public static SopsTree Replace(SopsTree tree) => new([.. tree.Branches.Select(b => (TreeBranch)Replace(b))]);

    private static TreeNode Replace(TreeNode node) => node switch
    {
        TreeBranch branch => new TreeBranch([.. branch.Items.Where(i => !IsEncryptedComment(i.Value)).Select(i => i with { Value = Replace(i.Value) })]),
        Sequence sequence => new Sequence([.. sequence.Items.Where(i => !IsEncryptedComment(i)).Select(Replace)]),
        NullValue or CommentValue => node,
        _ => new StringValue(Value),
    };

    private static bool IsEncryptedComment(TreeNode node) =>
        node is CommentValue comment && comment.Text.TrimStart().StartsWith("ENC[", StringComparison.Ordinal);
}
