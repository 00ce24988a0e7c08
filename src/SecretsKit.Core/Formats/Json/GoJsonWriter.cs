using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Core.GoText;

namespace SecretsKit.Core.Formats.Json;

/// <summary>
/// Writes a tree the way sops' JSON store does: Go <c>json.Marshal</c> for keys and scalars (HTML escaping,
/// JS-style floats), then <c>json.Indent</c> (<c>"key": value</c>, compact <c>{}</c>/<c>[]</c>). Comments are skipped.
/// The bytes go to a stream through a fixed buffer; strings are encoded to UTF-8 a slice at a time, so a large value
/// is never copied whole.
/// </summary>
internal sealed class GoJsonWriter
{
    private const string Hex = "0123456789abcdef";
    private const int BufferSize = 16 * 1024;
    private const int SliceChars = BufferSize / 3;

    private readonly Stream _output;
    private readonly string? _indent;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;
    private byte[]? _slice;
    private byte[]? _compact;

    /// <param name="indent">The indent unit (<c>"\t"</c>, n spaces, or empty for newlines only); null writes compact JSON.</param>
    /// <param name="output">Where the bytes go; call <see cref="Finish"/> at the end.</param>
    public GoJsonWriter(string? indent, Stream output)
    {
        _indent = indent;
        _output = output;
    }

    /// <summary>One value, in memory (<c>--extract</c> of a value that is not a document).</summary>
    public static byte[] Bytes(TreeNode value, string? indent) => FormatOutput.ToArray(output =>
    {
        var writer = new GoJsonWriter(indent, output);
        writer.WriteValue(value, 0);
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

    /// <summary>Writes out what is buffered and clears the buffers.</summary>
    public void Finish()
    {
        _output.Write(_buffer, 0, _used);
        _used = 0;
        Array.Clear(_buffer);
        if (_slice is not null) Array.Clear(_slice);
    }

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

    public void WriteRaw(string ascii)
    {
        foreach (var c in ascii) Put((byte)c);
    }

    private void Put(byte b)
    {
        if (_used == BufferSize) Drain();
        _buffer[_used++] = b;
    }

    private void PutBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferSize - _used) Drain();
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Drain()
    {
        _output.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void WriteValue(TreeNode node, int depth)
    {
        switch (node)
        {
            case TreeBranch branch:
                WriteBranch(branch, depth);
                break;
            case Sequence seq:
                WriteSequence(seq, depth);
                break;
            case StringValue { IsCompact: true } s:
                // A compact stored value is ASCII: its bytes are what WriteString(string) would encode.
                _compact ??= new byte[StringValue.CompactLimit];
                WriteString(_compact.AsSpan(0, s.CopyCompactTo(_compact)));
                break;
            case StringValue s:
                WriteString(s.Value);
                break;
            case BytesValue b:
                WriteString(b.Value);
                break;
            case IntValue i:
                WriteRaw(i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case FloatValue f:
                if (!double.IsFinite(f.Value)) throw NotFinite();
                WriteRaw(GoFloat.FormatJson(f.Value));
                break;
            case BoolValue b:
                WriteRaw(b.Value ? "true" : "false");
                break;
            case TimeValue t:
                WriteString(Encoding.UTF8.GetBytes(GoTime.Rfc3339Nano(t)));
                break;
            case NullValue:
                WriteRaw("null");
                break;
            default:
                throw NotJson(node);
        }
    }

    private void WriteBranch(TreeBranch branch, int depth)
    {
        Put((byte)'{');
        var first = true;
        foreach (var item in branch.Items)
        {
            if (item.IsComment) continue;
            if (!first) Put((byte)',');
            first = false;
            NewLine(depth + 1);
            WriteString(item.Key!);
            WriteRaw(_indent is null ? ":" : ": ");
            WriteValue(item.Value, depth + 1);
        }
        if (!first) NewLine(depth);
        Put((byte)'}');
    }

    private void WriteSequence(Sequence seq, int depth)
    {
        Put((byte)'[');
        var first = true;
        foreach (var element in seq.Items)
        {
            if (element is CommentValue) continue;
            if (!first) Put((byte)',');
            first = false;
            NewLine(depth + 1);
            WriteValue(element, depth + 1);
        }
        if (!first) NewLine(depth);
        Put((byte)']');
    }

    private void NewLine(int depth)
    {
        if (_indent is null) return;
        Put((byte)'\n');
        for (var i = 0; i < depth; i++) WriteRaw(_indent);
    }

    /// <summary>
    /// A string as <see cref="WriteString(ReadOnlySpan{byte})"/> writes its UTF-8 (a lone surrogate as U+FFFD, as
    /// <see cref="Encoding.UTF8"/> encodes it), encoded a slice at a time; a slice never ends between a surrogate pair.
    /// </summary>
    public void WriteString(string s)
    {
        Put((byte)'"');
        _slice ??= new byte[BufferSize];
        var rest = s.AsSpan();
        while (!rest.IsEmpty)
        {
            var n = Utf8Slices.Next(rest, SliceChars);
            var length = Encoding.UTF8.GetBytes(rest[..n], _slice);
            WriteStringBody(_slice.AsSpan(0, length));
            rest = rest[n..];
        }
        Put((byte)'"');
    }

    /// <summary>Go <c>encodeState.string</c> with HTML escaping, over raw bytes (invalid UTF-8 → <c>\ufffd</c>).</summary>
    public void WriteString(ReadOnlySpan<byte> s)
    {
        Put((byte)'"');
        WriteStringBody(s);
        Put((byte)'"');
    }

    private void WriteStringBody(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length)
        {
            var b = s[i];
            if (b < 0x80)
            {
                switch (b)
                {
                    case (byte)'"' or (byte)'\\':
                        Put((byte)'\\');
                        Put(b);
                        break;
                    case (byte)'\b': WriteRaw("\\b"); break;
                    case (byte)'\f': WriteRaw("\\f"); break;
                    case (byte)'\n': WriteRaw("\\n"); break;
                    case (byte)'\r': WriteRaw("\\r"); break;
                    case (byte)'\t': WriteRaw("\\t"); break;
                    case < 0x20 or (byte)'<' or (byte)'>' or (byte)'&':
                        WriteRaw("\\u00");
                        Put((byte)Hex[b >> 4]);
                        Put((byte)Hex[b & 0xF]);
                        break;
                    default:
                        Put(b);
                        break;
                }
                i++;
                continue;
            }
            if (Rune.DecodeFromUtf8(s[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                WriteRaw("\\ufffd");
                i++;
                continue;
            }
            if (rune.Value is 0x2028 or 0x2029)
            {
                WriteRaw(rune.Value == 0x2028 ? "\\u2028" : "\\u2029");
            }
            else
            {
                PutBytes(s.Slice(i, consumed));
            }
            i += consumed;
        }
    }
}
