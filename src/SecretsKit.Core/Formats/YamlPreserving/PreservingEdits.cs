using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.YamlPreserving;

/// <summary>The span replacements that turn the original text into the new tree; each step says false when it cannot.</summary>
internal sealed class PreservingEdits(YamlSourceMap map, string text)
{
    private readonly List<(int Start, int End, string Replacement)> _edits = [];
    private readonly HashSet<TreeNode> _added = new(ReferenceEqualityComparer.Instance);
    private readonly PreservingScalarWriter _writer = new(map, text);

    public bool Diff(SourceNode source, TreeNode old, TreeNode updated)
    {
        if (old.Equals(updated)) return true;
        return (source, old, updated) switch
        {
            (SourceMapping m, TreeBranch o, TreeBranch n) => DiffMapping(m, o, n),
            (SourceSequence s, Sequence o, Sequence n) => DiffSequence(s, o, n),
            (SourceScalar sc, not (TreeBranch or Sequence or CommentValue), not (TreeBranch or Sequence or CommentValue)) => Replace(sc, updated),
            _ => false,
        };
    }

    private bool Replace(SourceScalar scalar, TreeNode value)
    {
        string rendered;
        try
        {
            rendered = _writer.Render(scalar, value);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        var end = scalar.End;
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
        {
            while (end > scalar.Start && text[end - 1] is '\n' or ' ') end--;
        }
        if (scalar.Start == end && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Start == 0 || text[scalar.Start - 1] != ' '))
        {
            rendered = " " + rendered; // "key:" with an empty value
        }
        _edits.Add((scalar.Start, end, rendered));
        return true;
    }

    private bool DiffSequence(SourceSequence source, Sequence old, Sequence updated)
    {
        var o = old.Items.Where(i => i is not CommentValue).ToList();
        var n = updated.Items.Where(i => i is not CommentValue).ToList();
        if (o.Count != source.Items.Count || o.Count != n.Count) return false;
        for (var i = 0; i < o.Count; i++)
        {
            if (!Diff(source.Items[i], o[i], n[i])) return false;
        }
        return true;
    }

    private bool DiffMapping(SourceMapping source, TreeBranch old, TreeBranch updated)
    {
        var o = old.Items.Where(i => !i.IsComment).ToList();
        var n = updated.Items.Where(i => !i.IsComment).ToList();
        if (o.Count != source.Items.Count) return false;
        for (var i = 0; i < o.Count; i++)
        {
            if (source.Items[i].Key.Value != o[i].Key) return false;
        }
        var oldKeys = o.Select(i => i.Key!).ToList();
        var kept = n.Where(i => oldKeys.Contains(i.Key!)).Select(i => i.Key!).ToList();
        var added = n.Where(i => !oldKeys.Contains(i.Key!)).ToList();
        if (!kept.SequenceEqual(oldKeys.Where(kept.Contains))) return false;
        if (added.Count > 0 && n.FindIndex(i => !oldKeys.Contains(i.Key!)) < kept.Count) return false;
        if ((added.Count > 0 || kept.Count < oldKeys.Count) && (source.Flow || source.Items.Count == 0)) return false;

        for (var i = 0; i < o.Count; i++)
        {
            var key = o[i].Key!;
            var newValue = n.FirstOrDefault(x => x.Key == key)?.Value;
            if (newValue is null)
            {
                if (!Cut(source.Items[i].Key, source.Items[i].Value)) return false;
            }
            else if (!Diff(source.Items[i].Value, o[i].Value, newValue))
            {
                return false;
            }
        }
        if (added.Count > 0) Append(source, added);
        return true;
    }

    private bool Cut(SourceScalar key, SourceNode value)
    {
        var lineStart = map.LineStart(key.Start);
        if (text[lineStart..key.Start].Any(c => c != ' ')) return false;
        _edits.Add((lineStart, map.LineEndAfter(Math.Max(key.Start, value.ContentEnd - 1)), ""));
        return true;
    }

    private void Append(SourceMapping source, List<TreeItem> added)
    {
        foreach (var item in added) _added.Add(item.Value);
        var column = map.ColumnOf(source.Items[0].Key.Start);
        var last = source.Items[^1];
        var at = map.LineEndAfter(Math.Max(last.Key.Start, last.Value.ContentEnd - 1));
        var emitted = Encoding.UTF8.GetString(new YamlFormat(map.Indent).EmitPlain(new SopsTree([new TreeBranch(added)])));
        var pad = new string(' ', column);
        var sb = new StringBuilder();
        if (at == text.Length && text.Length > 0 && text[^1] != '\n') sb.Append('\n');
        foreach (var line in emitted.TrimEnd('\n').Split('\n'))
        {
            sb.Append(line.Length > 0 ? pad + line : line).Append('\n');
        }
        _edits.Add((at, at, sb.ToString()));
    }

    /// <summary>Comment lines changed in place when the comments appear in the tree in text order and their number is unchanged.</summary>
    public bool Comments(TreeBranch old, TreeBranch updated)
    {
        var before = new List<string>();
        var after = new List<string>();
        CollectComments(old, before);
        CollectComments(updated, after);
        if (before.SequenceEqual(after)) return true;
        if (before.Count != after.Count || !before.SequenceEqual(map.Comments.Select(c => c.Text))) return false;
        for (var i = 0; i < before.Count; i++)
        {
            if (before[i] != after[i]) _edits.Add((map.Comments[i].Start, map.Comments[i].End, "#" + after[i]));
        }
        return true;
    }

    private void CollectComments(TreeNode node, List<string> into)
    {
        if (_added.Contains(node)) return;
        switch (node)
        {
            case TreeBranch b:
                foreach (var item in b.Items) CollectComments(item.Value, into);
                break;
            case Sequence s:
                foreach (var item in s.Items) CollectComments(item, into);
                break;
            case CommentValue c:
                into.Add(c.Text);
                break;
        }
    }

    public string ApplyTo(string original)
    {
        var sb = new StringBuilder(original);
        foreach (var (start, end, replacement) in _edits.OrderByDescending(e => e.Start).ThenBy(e => e.End - e.Start))
        {
            sb.Remove(start, end - start).Insert(start, replacement);
        }
        return sb.ToString();
    }
}
