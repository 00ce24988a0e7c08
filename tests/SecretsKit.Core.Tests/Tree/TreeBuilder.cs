using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Tree;

/// <summary>
/// The tests' one way to build and read sops trees tersely (<c>using static</c>): <c>Doc(I("a", "b"), C("comment"))</c>.
/// </summary>
internal static class TreeBuilder
{
    public static SopsTree Doc(params TreeItem[] items) => new([new TreeBranch(items)]);

    public static TreeBranch Map(params TreeItem[] items) => new(items);

    public static Sequence List(params TreeNode[] items) => new(items);

    public static TreeItem I(string key, TreeNode value) => new(key, value);

    public static TreeItem I(string key, string value) => new(key, new StringValue(value));

    public static TreeItem C(string text) => TreeItem.Comment(text);

    public static StringValue S(string value) => new(value);

    public static TreeNode At(SopsTree tree, params string[] path)
    {
        TreeNode node = tree.Branches[0];
        foreach (var p in path)
        {
            node = int.TryParse(p, out var index) ? ((Sequence)node).Items[index] : ((TreeBranch)node).Get(p)!;
        }
        return node;
    }

    public static string Str(SopsTree tree, params string[] path) => ((StringValue)At(tree, path)).Value;

    /// <summary>The texts of the comment items of a mapping, in order.</summary>
    public static List<string> Comments(TreeBranch branch) =>
        branch.Items.Where(i => i.IsComment).Select(i => ((CommentValue)i.Value).Text).ToList();

    public static bool IsEnc(string s) => s.StartsWith("ENC[AES256_GCM,", StringComparison.Ordinal);
}
