using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Walks an encrypted tree as the cipher walk does (same key path and comment stack) and collects the key paths of
/// values the crypt rules cover that are not <c>ENC[…]</c> strings. Empty strings and nulls are never encrypted,
/// and comments are not checked (sops keeps plaintext comments of older files as they are).
/// </summary>
internal sealed class PlaintextLeafFinder(CryptRuleMatcher rules)
{
    private readonly List<string> _path = [];
    private readonly List<List<string>> _comments = [];

    public List<string> Paths { get; } = [];

    public void Walk(TreeBranch branch)
    {
        var level = new List<string>();
        _comments.Add(level);
        foreach (var item in branch.Items)
        {
            if (item.Key is null)
            {
                if (item.Value is CommentValue c) level.Add(Plain(c.Text));
                continue;
            }
            if (item.Value is CommentValue inline)
            {
                level.Add(Plain(inline.Text));
                continue;
            }
            _path.Add(item.Key);
            Visit(item.Value);
            _path.RemoveAt(_path.Count - 1);
            level.Clear();
        }
        _comments.RemoveAt(_comments.Count - 1);
    }

    private void WalkSequence(Sequence sequence)
    {
        var level = new List<string>();
        _comments.Add(level);
        foreach (var node in sequence.Items)
        {
            if (node is CommentValue c)
            {
                level.Add(Plain(c.Text));
                continue;
            }
            Visit(node);
            level.Clear();
        }
        _comments.RemoveAt(_comments.Count - 1);
    }

    private void Visit(TreeNode node)
    {
        switch (node)
        {
            case TreeBranch b: Walk(b); break;
            case Sequence s: WalkSequence(s); break;
            case NullValue: break;
            case StringValue s when EncryptedValue.LooksEncrypted(s.Value): break;
            default:
                if (!PlaintextCodec.IsEmpty(node) && rules.ShouldEncrypt(_path, _comments, isComment: false)) Paths.Add(PathString());
                break;
        }
    }

    // An encrypted comment cannot drive a comment regex without the key; only plaintext comment text counts.
    private static string Plain(string text) => EncryptedValue.LooksEncrypted(text) ? "" : text;

    private string PathString()
    {
        var sb = new StringBuilder();
        foreach (var part in _path) sb.Append(part).Append(':');
        return sb.Length == 0 ? ":" : sb.ToString();
    }
}
