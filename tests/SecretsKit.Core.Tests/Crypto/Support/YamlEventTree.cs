using SecretsKit.Core.Tree;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>
/// Builds the data tree of an encrypted sops YAML file from YamlDotNet parser events, comments included. Every scalar
/// becomes a string: in an encrypted file the typed values are all inside ENC strings.
/// </summary>
internal static class YamlEventTree
{
    public static SopsTree Data(string text)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        var root = (TreeBranch)Node(parser);
        return new SopsTree([new TreeBranch(root.Items.Where(i => i.Key != "sops").ToList())]);
    }

    private static TreeNode Node(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar)) return new StringValue(scalar.Value);
        if (parser.TryConsume<MappingStart>(out _))
        {
            var items = new List<TreeItem>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (parser.TryConsume<Comment>(out var comment))
                {
                    items.Add(TreeItem.Comment(comment.Value, comment.IsInline));
                    continue;
                }
                var key = parser.Consume<Scalar>().Value;
                while (parser.TryConsume<Comment>(out var c)) items.Add(TreeItem.Comment(c.Value, c.IsInline));
                items.Add(new TreeItem(key, Node(parser)));
            }
            return new TreeBranch(items);
        }
        parser.Consume<SequenceStart>();
        var elements = new List<TreeNode>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            elements.Add(parser.TryConsume<Comment>(out var comment) ? new CommentValue(comment.Value, comment.IsInline) : Node(parser));
        }
        return new Sequence(elements);
    }
}
