using System.Globalization;
using System.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Streams the emitter events of a tree straight into a <see cref="YamlEmitter"/>, as sops' YAML store builds yaml.v3
/// nodes (<c>appendTreeBranch</c>, <c>appendSequence</c>) and yaml.v3's <c>encoder.node</c> turns them into events —
/// without building the node tree or an event list, so nothing per value outlives its own few events:
/// <list type="bullet">
/// <item>comment items become head comments of the next key or item (inline ones the line comment of the next value);
/// comments before the first key or item are the head comment of the mapping or sequence itself;</item>
/// <item>leftover comments (plain ones first, then inline ones) are the foot comment of the last item, or of the last
/// key, which yaml.v3 moves to the mapping end as its tail comment; with no key or item, the head of the collection;</item>
/// <item>scalars are styled as yaml.v3's <c>Node.Encode</c> would (marshal, then the emitter's style check).</item>
/// </list>
/// </summary>
internal static class YamlTreeEvents
{
    private const string BinaryTag = "tag:yaml.org,2002:binary";

    /// <summary>Every branch as one document, written to <paramref name="output"/> as it is emitted.</summary>
    public static void EmitDocuments(IReadOnlyList<TreeBranch> branches, int indent, Stream output)
    {
        var emitter = new YamlEmitter(indent, output);
        emitter.Add(new YamlEvent(YamlEventType.StreamStart));
        foreach (var branch in branches)
        {
            emitter.Add(new YamlEvent(YamlEventType.DocumentStart));
            Mapping(emitter, branch, string.Empty, string.Empty, string.Empty);
            emitter.Add(new YamlEvent(YamlEventType.DocumentEnd));
        }
        emitter.Add(new YamlEvent(YamlEventType.StreamEnd));
        emitter.Finish();
    }

    /// <summary>One value (any node) as a one-document stream: <c>yaml.Marshal</c> of its node.</summary>
    public static byte[] EmitValue(TreeNode value, int indent)
    {
        using var output = new MemoryStream();
        var emitter = new YamlEmitter(indent, output);
        emitter.Add(new YamlEvent(YamlEventType.StreamStart));
        emitter.Add(new YamlEvent(YamlEventType.DocumentStart));
        Value(emitter, value, string.Empty, string.Empty, string.Empty);
        emitter.Add(new YamlEvent(YamlEventType.DocumentEnd));
        emitter.Add(new YamlEvent(YamlEventType.StreamEnd));
        emitter.Finish();
        return output.ToArray();
    }

    /// <param name="head">Head comment given by the parent (goes before the collection's own).</param>
    /// <param name="line">Line comment given by the parent.</param>
    /// <param name="foot">Foot comment given by the parent.</param>
    private static void Value(YamlEmitter emitter, TreeNode value, string head, string line, string foot)
    {
        switch (value)
        {
            case TreeBranch branch:
                Mapping(emitter, branch, head, line, foot);
                break;
            case Sequence sequence:
                SequenceEvents(emitter, sequence, head, line, foot);
                break;
            default:
                emitter.Add(Scalar(value, head, line, foot));
                break;
        }
    }

    private static void Mapping(YamlEmitter emitter, TreeBranch branch, string outerHead, string line, string foot)
    {
        var comments = new PendingComments();
        var beginning = true;
        foreach (var item in branch.Items)
        {
            if (item.IsComment)
            {
                comments.Add(item.Value as CommentValue
                    ?? throw new InvalidOperationException("a tree item without a key must hold a comment"));
                continue;
            }
            if (beginning)
            {
                emitter.Add(new YamlEvent(YamlEventType.MappingStart) { HeadComment = Join(outerHead, comments.TakeHead()) });
                beginning = false;
            }
            emitter.Add(Scalar(new StringValue(item.Key!), comments.TakeHead(), string.Empty, string.Empty));
            Value(emitter, item.Value, string.Empty, comments.TakeInline(), string.Empty);
        }
        var leftovers = comments.TakeAll();
        if (beginning)
        {
            emitter.Add(new YamlEvent(YamlEventType.MappingStart) { HeadComment = Join(outerHead, leftovers) });
            leftovers = string.Empty;
        }
        // The last key's foot comment: yaml.v3 emits the key without it and hands it to the mapping end as its tail.
        emitter.Add(new YamlEvent(YamlEventType.MappingEnd) { TailComment = leftovers, LineComment = line, FootComment = foot });
    }

    private static void SequenceEvents(YamlEmitter emitter, Sequence sequence, string outerHead, string line, string foot)
    {
        var items = sequence.Items;
        var last = items.Count - 1;
        while (last >= 0 && items[last] is CommentValue) last--;
        var comments = new PendingComments();
        if (last < 0)
        {
            foreach (var item in items) comments.Add((CommentValue)item);
            emitter.Add(new YamlEvent(YamlEventType.SequenceStart) { HeadComment = Join(outerHead, comments.TakeAll()) });
            emitter.Add(new YamlEvent(YamlEventType.SequenceEnd) { LineComment = line, FootComment = foot });
            return;
        }
        var trailing = new PendingComments();
        for (var i = last + 1; i < items.Count; i++) trailing.Add((CommentValue)items[i]);
        var lastFoot = trailing.TakeAll();

        var beginning = true;
        for (var i = 0; i <= last; i++)
        {
            if (items[i] is CommentValue comment)
            {
                comments.Add(comment);
                continue;
            }
            if (beginning)
            {
                emitter.Add(new YamlEvent(YamlEventType.SequenceStart) { HeadComment = Join(outerHead, comments.TakeHead()) });
                beginning = false;
            }
            Value(emitter, items[i], comments.TakeHead(), comments.TakeInline(), i == last ? lastFoot : string.Empty);
        }
        emitter.Add(new YamlEvent(YamlEventType.SequenceEnd) { LineComment = line, FootComment = foot });
    }

    /// <summary>yaml.v3 <c>Node.Encode(value)</c> for a leaf: its text, and the style the marshaller settles on.</summary>
    private static YamlEvent Scalar(TreeNode value, string head, string line, string foot)
    {
        string text;
        var tag = string.Empty;
        var style = YamlScalarStyle.Plain;
        YamlScalarAnalysis? analysis = null;
        switch (value)
        {
            case StringValue s:
                text = s.Value;
                (style, analysis) = StringStyle(text);
                break;
            case BytesValue b when System.Text.Unicode.Utf8.IsValid(b.Value):
                text = Encoding.UTF8.GetString(b.Value);
                (style, analysis) = StringStyle(text);
                break;
            case BytesValue b:
                tag = BinaryTag;
                text = Base64Lines(b.Value);
                analysis = YamlScalarAnalysis.Analyze(text);
                style = Settle(analysis.Value, text, text.Contains('\n', StringComparison.Ordinal)
                    ? YamlScalarStyle.Literal
                    : YamlScalarStyle.Plain);
                break;
            case IntValue i:
                text = i.Value.ToString(CultureInfo.InvariantCulture);
                break;
            case FloatValue f:
                text = GoFloat.FormatYaml(f.Value);
                break;
            case BoolValue bo:
                text = bo.Value ? "true" : "false";
                break;
            case TimeValue t:
                text = YamlTimestamp.FormatRfc3339Nano(t);
                break;
            case NullValue:
                text = "null";
                break;
            case CommentValue c:
                text = c.Text;
                (style, analysis) = StringStyle(text);
                break;
            default:
                throw new InvalidOperationException($"cannot encode a {value.GetType().Name} as a YAML scalar");
        }
        return new YamlEvent(YamlEventType.Scalar)
        {
            Value = text,
            Tag = tag,
            Implicit = tag.Length == 0,
            Style = style,
            Analysis = analysis,
            HeadComment = head,
            LineComment = line,
            FootComment = foot,
        };
    }

    // stringv: a newline asks for a literal block, a string that would resolve to something else (or is a
    // YAML 1.1 bool or base-60 float) asks for double quotes, anything else for plain; the emitter then vetoes.
    private static (YamlScalarStyle Style, YamlScalarAnalysis Analysis) StringStyle(string s)
    {
        YamlScalarStyle requested;
        if (s.Contains('\n', StringComparison.Ordinal)) requested = YamlScalarStyle.Literal;
        else if (YamlScalarResolver.CanUsePlain(s)) requested = YamlScalarStyle.Plain;
        else requested = YamlScalarStyle.DoubleQuoted;
        var analysis = YamlScalarAnalysis.Analyze(s);
        return (Settle(analysis, s, requested), analysis);
    }

    private static YamlScalarStyle Settle(YamlScalarAnalysis analysis, string value, YamlScalarStyle requested) =>
        analysis.Select(requested, value, simpleKey: false, inFlow: false, tagged: false);

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

    /// <summary>A parent's head comment goes before the node's own (yaml.v3 head comments are joined by newlines).</summary>
    private static string Join(string outer, string own) =>
        outer.Length == 0 ? own : own.Length == 0 ? outer : outer + "\n" + own;

    /// <summary>
    /// Comment items seen since the last key or item, split into plain (head) and inline (line) comments; each list is
    /// made on first use, since most keys have no comment.
    /// </summary>
    private struct PendingComments
    {
        private List<string>? _head;
        private List<string>? _inline;

        public void Add(CommentValue comment)
        {
            if (comment.Inline) (_inline ??= []).Add(comment.Text);
            else (_head ??= []).Add(comment.Text);
        }

        public string TakeHead() => Take(_head);

        public string TakeInline() => Take(_inline);

        /// <summary>The plain comments, then the inline ones, as one comment.</summary>
        public string TakeAll()
        {
            if (_inline is { Count: > 0 }) (_head ??= []).AddRange(_inline);
            _inline?.Clear();
            return Take(_head);
        }

        private static string Take(List<string>? comments)
        {
            if (comments is null || comments.Count == 0) return string.Empty;
            var text = "#" + string.Join("\n#", comments);
            comments.Clear();
            return text;
        }
    }
}
