namespace SecretsKit.Core.Tree;

/// <summary>One entry of a mapping: a key and its value, or (with a null key) a comment line.</summary>
public sealed record TreeItem(string? Key, TreeNode Value)
{
    public bool IsComment => Key is null;

    public static TreeItem Comment(string text, bool inline = false) => new(null, new CommentValue(text, inline));
}
