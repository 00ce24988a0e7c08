using System.Globalization;
using System.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Core.GoText;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Builds yaml.v3-style nodes from the tree the way sops' YAML store does (<c>appendTreeBranch</c>,
/// <c>appendSequence</c>): comment items become head comments of the next key or item (inline ones the line
/// comment of the next value), leftovers the foot comment of the last key or item; scalars are styled as
/// yaml.v3's <c>Node.Encode</c> would (marshal, then the emitter's style check in a document root).
/// </summary>
internal static class YamlNodeBuilder
{
    public static YamlNode Document(TreeBranch branch)
    {
        var doc = new YamlNode(YamlNodeKind.Document);
        doc.Content.Add(Mapping(branch));
        return doc;
    }

    public static YamlNode Value(TreeNode value) => value switch
    {
        TreeBranch branch => Mapping(branch),
        Sequence sequence => SequenceNode(sequence),
        _ => Scalar(value),
    };

    private static YamlNode Mapping(TreeBranch branch)
    {
        var mapping = new YamlNode(YamlNodeKind.Mapping);
        var head = new List<string>();
        var inline = new List<string>();
        var beginning = true;
        foreach (var item in branch.Items)
        {
            if (item.IsComment)
            {
                var comment = item.Value as CommentValue
                    ?? throw new InvalidOperationException("a tree item without a key must hold a comment");
                (comment.Inline ? inline : head).Add(comment.Text);
                continue;
            }
            if (beginning)
            {
                AddHead(mapping, head);
                beginning = false;
            }
            var key = Scalar(new StringValue(item.Key!));
            AddHead(key, head);
            var value = Value(item.Value);
            AddLine(value, inline);
            mapping.Content.Add(key);
            mapping.Content.Add(value);
        }
        head.AddRange(inline);
        if (head.Count > 0)
        {
            if (beginning) AddHead(mapping, head);
            else AddFoot(mapping.Content[^2], head);
        }
        return mapping;
    }

    private static YamlNode SequenceNode(Sequence sequence)
    {
        var node = new YamlNode(YamlNodeKind.Sequence);
        var head = new List<string>();
        var inline = new List<string>();
        var beginning = true;
        foreach (var element in sequence.Items)
        {
            if (element is CommentValue comment)
            {
                (comment.Inline ? inline : head).Add(comment.Text);
                continue;
            }
            if (beginning)
            {
                AddHead(node, head);
                beginning = false;
            }
            var itemNode = Value(element);
            AddHead(itemNode, head);
            AddLine(itemNode, inline);
            node.Content.Add(itemNode);
        }
        head.AddRange(inline);
        if (head.Count > 0)
        {
            if (beginning) AddHead(node, head);
            else AddFoot(node.Content[^1], head);
        }
        return node;
    }

    /// <summary>yaml.v3 <c>Node.Encode(value)</c> for a leaf: its text, and the style the marshaller settles on.</summary>
    private static YamlNode Scalar(TreeNode value)
    {
        var node = new YamlNode(YamlNodeKind.Scalar);
        switch (value)
        {
            case StringValue s:
                SetString(node, s.Value);
                break;
            case BytesValue b when IsValidUtf8(b.Value):
                SetString(node, Encoding.UTF8.GetString(b.Value));
                break;
            case BytesValue b:
                node.Tag = "!!binary";
                node.Value = Base64Lines(b.Value);
                node.Style = Settle(node.Value, node.Value.Contains('\n', StringComparison.Ordinal)
                    ? YamlScalarStyle.Literal
                    : YamlScalarStyle.Plain);
                break;
            case IntValue i:
                node.Value = i.Value.ToString(CultureInfo.InvariantCulture);
                break;
            case FloatValue f:
                node.Value = GoFloat.FormatYaml(f.Value);
                break;
            case BoolValue bo:
                node.Value = bo.Value ? "true" : "false";
                break;
            case TimeValue t:
                node.Value = YamlTimestamp.FormatRfc3339Nano(t);
                break;
            case NullValue:
                node.Value = "null";
                break;
            case CommentValue c:
                SetString(node, c.Text);
                break;
            default:
                throw new InvalidOperationException($"cannot encode a {value.GetType().Name} as a YAML scalar");
        }
        return node;
    }

    // stringv: a newline asks for a literal block, a string that would resolve to something else (or is a
    // YAML 1.1 bool or base-60 float) asks for double quotes, anything else for plain; the emitter then vetoes.
    private static void SetString(YamlNode node, string s)
    {
        node.Value = s;
        YamlScalarStyle requested;
        if (s.Contains('\n', StringComparison.Ordinal)) requested = YamlScalarStyle.Literal;
        else if (YamlScalarResolver.CanUsePlain(s)) requested = YamlScalarStyle.Plain;
        else requested = YamlScalarStyle.DoubleQuoted;
        node.Style = Settle(s, requested);
    }

    private static YamlScalarStyle Settle(string value, YamlScalarStyle requested) =>
        YamlScalarAnalysis.Analyze(value).Select(requested, value, simpleKey: false, inFlow: false, tagged: false);

    // yaml.v3 encodeBase64: 70-character lines, each followed by a newline once there is more than one line's worth.
    private static string Base64Lines(byte[] bytes)
    {
        const int lineLen = 70;
        var encoded = Convert.ToBase64String(bytes);
        if (encoded.Length / lineLen == 0) return encoded;
        var sb = new StringBuilder(encoded.Length + encoded.Length / lineLen + 1);
        for (var i = 0; i < encoded.Length; i += lineLen)
        {
            sb.Append(encoded, i, Math.Min(lineLen, encoded.Length - i)).Append('\n');
        }
        return sb.ToString();
    }

    private static bool IsValidUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static void AddHead(YamlNode node, List<string> comments)
    {
        if (comments.Count == 0) return;
        var text = "#" + string.Join("\n#", comments);
        node.HeadComment = node.HeadComment.Length > 0 ? text + "\n" + node.HeadComment : text;
        comments.Clear();
    }

    private static void AddFoot(YamlNode node, List<string> comments)
    {
        if (comments.Count == 0) return;
        var text = "#" + string.Join("\n#", comments);
        node.FootComment = node.FootComment.Length > 0 ? node.FootComment + "\n" + text : text;
        comments.Clear();
    }

    private static void AddLine(YamlNode node, List<string> comments)
    {
        if (comments.Count == 0) return;
        var text = "#" + string.Join("\n#", comments);
        node.LineComment = node.LineComment.Length > 0 ? node.LineComment + "\n" + text : text;
        comments.Clear();
    }
}
