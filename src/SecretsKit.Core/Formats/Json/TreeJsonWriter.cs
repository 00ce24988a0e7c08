using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Json;
using SecretsKit.Go.Time;

namespace SecretsKit.Core.Formats.Json;

/// <summary>
/// Writes a tree the way sops' JSON store does, through Go's one JSON writer (<see cref="GoJsonWriter"/>): Go
/// <c>json.Marshal</c> for keys and scalars (HTML escaping, JS-style floats), then <c>json.Indent</c> (<c>"key": value</c>,
/// compact <c>{}</c>/<c>[]</c>). Keys keep the tree's order (sops marshals each item, not a Go map). Comments are skipped.
/// </summary>
internal sealed class TreeJsonWriter
{
    private readonly GoJsonWriter _writer;
    private byte[]? _compact;

    /// <param name="indent">The indent unit (<c>"\t"</c>, n spaces, or empty for newlines only); null writes compact JSON.</param>
    /// <param name="output">Where the bytes go; call <see cref="Finish"/> at the end.</param>
    public TreeJsonWriter(string? indent, Stream output) => _writer = new GoJsonWriter(output, new GoJsonOptions(indent));

    /// <summary>One value, in memory (<c>--extract</c> of a value that is not a document).</summary>
    public static byte[] Bytes(TreeNode value, string? indent) => FormatOutput.ToArray(output =>
    {
        var writer = new TreeJsonWriter(indent, output);
        writer.WriteValue(value);
        writer.Finish();
    });

    /// <summary>The indent unit for sops' <c>indent</c> setting: null or -1 → TAB, n ≥ 0 → n spaces; below -1 is an error.</summary>
    public static string IndentUnit(int? indent)
    {
        if (indent is null or -1) return "\t";
        if (indent < -1)
        {
            throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                $"JSON indentation {indent} is not accepted: use -1 (tab, the default) or a number of spaces >= 0");
        }
        return new string(' ', indent.Value);
    }

    /// <summary>The newline after a document (sops' JSON store ends its output with one).</summary>
    public void NewLine() => _writer.WriteRawAscii("\n");

    /// <summary>Writes out what is buffered and clears the buffers.</summary>
    public void Finish() => _writer.Finish();

    /// <summary>
    /// Throws what <see cref="WriteValue"/> would throw for <paramref name="node"/>, without writing: a document is checked
    /// before its first byte goes out.
    /// </summary>
    public static void Check(TreeNode node)
    {
        switch (node)
        {
            case TreeBranch branch:
                foreach (var item in branch.Items)
                {
                    if (!item.IsComment) Check(item.Value);
                }
                break;
            case Sequence seq:
                foreach (var element in seq.Items)
                {
                    if (element is not CommentValue) Check(element);
                }
                break;
            case FloatValue f when !double.IsFinite(f.Value):
                throw NotFinite();
            case StringValue or BytesValue or IntValue or FloatValue or BoolValue or TimeValue or NullValue:
                break;
            default:
                throw NotJson(node);
        }
    }

    private static SecretsKitException NotFinite() => new(ExitCodes.ErrorDumpingTree,
        "cannot write JSON: a float value is NaN or infinite, which JSON cannot represent");

    private static SecretsKitException NotJson(TreeNode node) =>
        new(ExitCodes.ErrorDumpingTree, $"cannot write a {node.GetType().Name} as a JSON value");

    public void WriteValue(TreeNode node)
    {
        switch (node)
        {
            case TreeBranch branch:
                _writer.WriteStartObject();
                foreach (var item in branch.Items)
                {
                    if (item.IsComment) continue;
                    _writer.WritePropertyName(item.Key!);
                    WriteValue(item.Value);
                }
                _writer.WriteEndObject();
                break;
            case Sequence seq:
                _writer.WriteStartArray();
                foreach (var element in seq.Items)
                {
                    if (element is not CommentValue) WriteValue(element);
                }
                _writer.WriteEndArray();
                break;
            default:
                WriteScalar(node);
                break;
        }
    }

    private void WriteScalar(TreeNode node)
    {
        switch (node)
        {
            case StringValue { IsCompact: true } s:
                // A compact stored value is ASCII: its bytes are what String(string) would encode.
                _compact ??= new byte[StringValue.CompactLimit];
                _writer.WriteStringValue(_compact.AsSpan(0, s.CopyCompactTo(_compact)));
                break;
            case StringValue s: _writer.WriteStringValue(s.Value); break;
            case BytesValue b: _writer.WriteStringValue(b.Value); break;
            case IntValue i: _writer.WriteNumberValue(i.Value); break;
            case FloatValue f when !double.IsFinite(f.Value): throw NotFinite();
            case FloatValue f: _writer.WriteNumberValue(f.Value); break;
            case BoolValue b: _writer.WriteBooleanValue(b.Value); break;
            case TimeValue t: _writer.WriteStringValue(Encoding.UTF8.GetBytes(GoRfc3339.FormatNano(t.Value, t.Nanoseconds))); break;
            case NullValue: _writer.WriteNullValue(); break;
            default: throw NotJson(node);
        }
    }
}
