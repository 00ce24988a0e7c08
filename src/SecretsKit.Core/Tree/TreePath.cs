using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Tree;

/// <summary>A sops tree path such as <c>["a"]['b'][0]</c>: quoted components are keys, bare ones list indices.</summary>
public sealed record TreePath(IReadOnlyList<object> Components)
{
    public static TreePath Parse(string text)
    {
        var parts = new List<object>();
        var i = 0;
        text = text.Trim();
        while (i < text.Length)
        {
            if (text[i] != '[') throw Invalid(text);
            var end = FindClose(text, i);
            var inner = text[(i + 1)..end];
            if (inner.Length >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[^1] == inner[0])
            {
                parts.Add(inner[1..^1]);
            }
            else if (int.TryParse(inner, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= 0)
            {
                parts.Add(index);
            }
            else
            {
                throw Invalid(text);
            }
            i = end + 1;
        }
        if (parts.Count == 0) throw Invalid(text);
        return new TreePath(parts);
    }

    private static int FindClose(string text, int open)
    {
        var i = open + 1;
        if (i < text.Length && (text[i] == '"' || text[i] == '\''))
        {
            var q = text[i];
            var closeQuote = text.IndexOf(q, i + 1);
            if (closeQuote < 0) throw Invalid(text);
            i = closeQuote + 1;
        }
        var close = text.IndexOf(']', i);
        return close < 0 ? throw Invalid(text) : close;
    }

    private static SecretsKitException Invalid(string text) =>
        new(ExitCodes.InvalidTreePathFormat, $"invalid tree path '{text}'", "use the form [\"key\"][0][\"nested\"]");

    public override string ToString() =>
        string.Concat(Components.Select(c => c is string s ? $"[\"{s}\"]" : $"[{c}]"));

    /// <summary>The node at this path in <paramref name="root"/>, or null when absent.</summary>
    public TreeNode? Find(TreeNode root)
    {
        var node = root;
        foreach (var c in Components)
        {
            node = (c, node) switch
            {
                (string key, TreeBranch b) => b.Get(key),
                (int index, Sequence s) => index < s.Items.Count ? s.Items[index] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>A copy of <paramref name="root"/> with the value at this path replaced or created.</summary>
    public TreeBranch Set(TreeBranch root, TreeNode value) => (TreeBranch)SetIn(root, 0, value);

    private TreeNode SetIn(TreeNode? node, int depth, TreeNode value)
    {
        if (depth == Components.Count) return value;
        var c = Components[depth];
        if (c is string key)
        {
            var branch = node as TreeBranch ?? TreeBranch.Empty;
            var items = branch.Items.ToList();
            var at = items.FindIndex(i => !i.IsComment && i.Key == key);
            if (at >= 0) items[at] = items[at] with { Value = SetIn(items[at].Value, depth + 1, value) };
            else items.Add(new TreeItem(key, SetIn(null, depth + 1, value)));
            return new TreeBranch(items);
        }
        var index = (int)c;
        var seq = node as Sequence ?? new Sequence(Array.Empty<TreeNode>());
        var list = seq.Items.ToList();
        if (index < list.Count) list[index] = SetIn(list[index], depth + 1, value);
        else list.Add(SetIn(null, depth + 1, value));
        return new Sequence(list);
    }

    /// <summary>A copy without the value at this path; null when the path does not exist.</summary>
    public TreeBranch? Remove(TreeBranch root) => (TreeBranch?)RemoveIn(root, 0);

    private TreeNode? RemoveIn(TreeNode node, int depth)
    {
        var c = Components[depth];
        var last = depth == Components.Count - 1;
        if (c is string key && node is TreeBranch b)
        {
            var items = b.Items.ToList();
            var at = items.FindIndex(i => !i.IsComment && i.Key == key);
            if (at < 0) return null;
            if (last) { items.RemoveAt(at); return new TreeBranch(items); }
            var inner = RemoveIn(items[at].Value, depth + 1);
            if (inner is null) return null;
            items[at] = items[at] with { Value = inner };
            return new TreeBranch(items);
        }
        if (c is int index && node is Sequence s && index < s.Items.Count)
        {
            var list = s.Items.ToList();
            if (last) { list.RemoveAt(index); return new Sequence(list); }
            var inner = RemoveIn(list[index], depth + 1);
            if (inner is null) return null;
            list[index] = inner;
            return new Sequence(list);
        }
        return null;
    }
}
