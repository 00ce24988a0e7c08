using System.Buffers;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Core.GoText;

namespace SecretsKit.Core.Formats.Json;

/// <summary>
/// Writes a tree the way sops' JSON store does: Go <c>json.Marshal</c> for keys and scalars (HTML escaping,
/// JS-style floats), then <c>json.Indent</c> (<c>"key": value</c>, compact <c>{}</c>/<c>[]</c>). Comments are skipped.
/// </summary>
internal sealed class GoJsonWriter
{
    private const string Hex = "0123456789abcdef";
    private readonly ArrayBufferWriter<byte> _out = new();
    private readonly string? _indent;

    /// <param name="indent">The indent unit (<c>"\t"</c>, n spaces, or empty for newlines only); null writes compact JSON.</param>
    public GoJsonWriter(string? indent) => _indent = indent;

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

    public byte[] ToArray() => _out.WrittenSpan.ToArray();

    public void WriteRaw(string ascii)
    {
        foreach (var c in ascii) Put((byte)c);
    }

    private void Put(byte b)
    {
        _out.GetSpan(1)[0] = b;
        _out.Advance(1);
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
            case StringValue s:
                WriteString(Encoding.UTF8.GetBytes(s.Value));
                break;
            case BytesValue b:
                WriteString(b.Value);
                break;
            case IntValue i:
                WriteRaw(i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case FloatValue f:
                if (!double.IsFinite(f.Value))
                {
                    throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                        "cannot write JSON: a float value is NaN or infinite, which JSON cannot represent");
                }
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
                throw new SecretsKitException(ExitCodes.ErrorDumpingTree, $"cannot write a {node.GetType().Name} as a JSON value");
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
            WriteString(Encoding.UTF8.GetBytes(item.Key!));
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

    /// <summary>Go <c>encodeState.string</c> with HTML escaping, over raw bytes (invalid UTF-8 → <c>\ufffd</c>).</summary>
    public void WriteString(ReadOnlySpan<byte> s)
    {
        Put((byte)'"');
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
                _out.Write(s.Slice(i, consumed));
            }
            i += consumed;
        }
        Put((byte)'"');
    }
}
