using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>A Secret's values with the placeholders put back, and where a placeholder may not be.</summary>
public sealed partial class SecretSealer
{
    /// <summary>
    /// The Secret's values as the API server would store them (<c>data</c> decoded, <c>stringData</c> over it), the values
    /// keys put back, and the Secret's tree with the values put back (<c>data</c> base64 again) for the Flux format.
    /// </summary>
    private sealed record SecretData(List<KeyValuePair<string, byte[]>> Values, HashSet<string> Used, TreeBranch Tree);

    private SecretData Substitute(string where, TreeBranch secret)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<KeyValuePair<string, byte[]>>();
        var items = new List<TreeItem>();
        foreach (var item in secret.Items.Where(i => !i.IsComment))
        {
            if (item.Key is not ("data" or "stringData") || item.Value is not TreeBranch entries)
            {
                items.Add(item);
                continue;
            }
            var replaced = new List<TreeItem>();
            foreach (var entry in entries.Items.Where(e => !e.IsComment))
            {
                var text = RenderedSecret.Text(entry.Value) ?? "";
                var changed = new List<PlaceholderScanner.Changed>();
                byte[] bytes;
                TreeNode node;
                if (item.Key == "data")
                {
                    if (TryBase64(text) is { } decoded)
                    {
                        bytes = PlaceholderScanner.Substitute(decoded, table, changed, used);
                        node = ReferenceEquals(bytes, decoded) ? entry.Value : new StringValue(Convert.ToBase64String(bytes));
                    }
                    else
                    {
                        bytes = NotBase64(where, entry.Key!, text, changed);
                        node = entry.Value;
                    }
                }
                else
                {
                    var value = PlaceholderScanner.Substitute(text, table, changed, used);
                    bytes = Encoding.UTF8.GetBytes(value);
                    node = ReferenceEquals(value, text) || value == text ? entry.Value : new StringValue(value);
                }
                ReportChanged($"{where} {item.Key}.{entry.Key}", changed);
                values.RemoveAll(v => v.Key == entry.Key);
                values.Add(new KeyValuePair<string, byte[]>(entry.Key!, bytes));
                replaced.Add(new TreeItem(entry.Key, node));
            }
            items.Add(new TreeItem(item.Key, new TreeBranch(replaced)));
        }
        return new SecretData(values, used, new TreeBranch(items));
    }

    private static byte[]? TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A <c>data</c> value that is not base64 (the API server refuses it): a problem when it holds a placeholder.</summary>
    private byte[] NotBase64(string where, string key, string text, List<PlaceholderScanner.Changed> changed)
    {
        var exact = new List<PlaceholderScanner.Hit>();
        PlaceholderScanner.FindAll(text, table, exact, changed);
        if (exact.Count > 0) Problem($"{where} data.{key} holds {Name(exact[0].Key)} but is not base64: give a data value through b64enc, or use stringData");
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Placeholders in a Secret anywhere but its data and stringData (its name, labels, annotations, type).</summary>
    private void CheckOutsideData(string where, TreeBranch secret)
    {
        var stack = new Stack<(TreeNode Node, string Path)>();
        foreach (var item in secret.Items.Where(i => !i.IsComment && i.Key is not ("data" or "stringData"))) stack.Push((item.Value, item.Key!));
        while (stack.Count > 0)
        {
            var (node, path) = stack.Pop();
            switch (node)
            {
                case TreeBranch b:
                    foreach (var i in b.Items.Where(i => !i.IsComment)) stack.Push((i.Value, $"{path}.{i.Key}"));
                    break;
                case Sequence s:
                    for (var i = 0; i < s.Items.Count; i++) stack.Push((s.Items[i], $"{path}[{i}]"));
                    break;
                case StringValue v:
                    var exact = new List<PlaceholderScanner.Hit>();
                    var changed = new List<PlaceholderScanner.Changed>();
                    PlaceholderScanner.FindAll(v.Value, table, exact, changed);
                    foreach (var hit in exact)
                    {
                        Problem($"{where} {path} holds {Name(hit.Key)} outside the Secret's data: a decrypted value can only be put back into data or stringData");
                    }
                    ReportChanged($"{where} {path}", changed);
                    break;
            }
        }
    }
}
