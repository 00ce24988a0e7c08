using SecretsKit.Core.Errors;
using SecretsKit.Core.Tree;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using SecretsKit.Core.Formats.Text;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Event reading and comment placement: comment events are collected as they come and attached when the next
/// key, item or collection end shows where yaml.v3 would have hung them.
/// </summary>
internal sealed partial class YamlTreeReader
{
    private ParsingEvent Next() =>
        TryNext() ?? throw new MalformedFileException(
            ExitCodes.CouldNotReadInputFile,
            $"Error unmarshaling input YAML: unexpected end of stream after line {_lastMark.Line}, column {_lastMark.Column}");

    /// <summary>The next non-comment event, or null when the parser has no more events.</summary>
    private ParsingEvent? TryNext()
    {
        while (true)
        {
            if (!MoveNext()) return null;
            var ev = _parser.Current!;
            if (ev is Comment comment)
            {
                var text = RawCommentText(comment);
                if (_folded is not null && text.Contains(FoldedText.Marker, StringComparison.Ordinal)) throw new FoldedText.MismatchException();
                _pending.Add(new PendingComment(text, comment.IsInline, comment.Start.Column));
                continue;
            }
            return ev;
        }
    }

    // YamlDotNet's scanner throws InvalidOperationException on some malformed input (e.g. a plain scalar
    // inside an unclosed flow sequence); report it like any other syntax error, at the last good position.
    private bool MoveNext()
    {
        try
        {
            var moved = _parser.MoveNext();
            if (moved)
            {
                _lastMark = _parser.Current!.End;
                if (_folded is not null) TrackFlow(_parser.Current);
            }
            return moved;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new MalformedFileException(
                ExitCodes.CouldNotReadInputFile,
                $"Error unmarshaling input YAML: invalid syntax after line {_lastMark.Line}, column {_lastMark.Column}",
                inner: ex);
        }
    }

    /// <summary>The text after <c>#</c> exactly as written (YamlDotNet trims it; sops keeps the leading space).</summary>
    private string RawCommentText(Comment comment)
    {
        var index = (int)comment.Start.Index;
        if (index < 0 || index >= _text.Length || _text[index] != '#') return comment.Value;
        var end = index + 1;
        while (end < _text.Length && _text[end] is not ('\n' or '\r')) end++;
        return _text[(index + 1)..end];
    }

    // A line comment after a scalar value is an inline comment placed before its key; after a (flow)
    // collection yaml.v3 stores it as the collection's LineComment, which sops puts first inside it.
    private void AttachInline(List<TreeItem> items, int lastItem)
    {
        var inline = TakeInline();
        if (inline.Count == 0) return;
        if (lastItem >= 0 && items[lastItem].Value is TreeBranch branch)
        {
            var inner = inline.Select(c => TreeItem.Comment(c.Text)).Concat(branch.Items).ToList();
            items[lastItem] = items[lastItem] with { Value = new TreeBranch(inner) };
            return;
        }
        if (lastItem >= 0 && items[lastItem].Value is Sequence sequence)
        {
            var inner = inline.Select(c => (TreeNode)new CommentValue(c.Text)).Concat(sequence.Items).ToList();
            items[lastItem] = items[lastItem] with { Value = new Sequence(inner) };
            return;
        }
        var at = lastItem >= 0 ? lastItem : items.Count;
        foreach (var c in inline) items.Insert(at++, TreeItem.Comment(c.Text, inline: lastItem >= 0));
    }

    private void AttachInline(List<TreeNode> list, int lastItem)
    {
        var inline = TakeInline();
        if (inline.Count == 0) return;
        var at = lastItem >= 0 ? lastItem : list.Count;
        foreach (var c in inline) list.Insert(at++, new CommentValue(c.Text, lastItem >= 0));
    }

    private List<PendingComment> TakeInline()
    {
        if (_pending.Count == 0 || !_pending[0].Inline) return NoComments;
        var taken = new List<PendingComment>();
        while (_pending.Count > 0 && _pending[0].Inline)
        {
            taken.Add(_pending[0]);
            _pending.RemoveAt(0);
        }
        return taken;
    }

    private List<PendingComment> TakeAll()
    {
        if (_pending.Count == 0) return NoComments;
        var taken = new List<PendingComment>(_pending);
        _pending.Clear();
        return taken;
    }

    private void FlushAll(List<TreeItem> items)
    {
        foreach (var c in TakeAll()) items.Add(TreeItem.Comment(c.Text));
    }

    // Comments before a collection's end belong to it when written at (or right of) its column; the rest
    // stay pending for an enclosing collection (yaml.v3 makes them foot/head comments at that level).
    private void FlushFoot(long column, Action<TreeItem> add)
    {
        if (_pending.Count == 0) return;
        var keep = new List<PendingComment>();
        foreach (var c in _pending)
        {
            if (c.Inline || c.Column >= column) add(TreeItem.Comment(c.Text));
            else keep.Add(c);
        }
        _pending.Clear();
        _pending.AddRange(keep);
    }

    // Returned (never modified) when nothing is pending, the usual case, so reading a key allocates no list.
    private static readonly List<PendingComment> NoComments = [];

    private sealed record PendingComment(string Text, bool Inline, long Column);
}
