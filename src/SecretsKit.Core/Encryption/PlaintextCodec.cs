using System.Globalization;
using System.Text;
using System.Text.Unicode;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Encryption;

/// <summary>
/// The plaintext bytes and <c>type:</c> tag of each leaf type (sops <c>ToBytes</c> / <c>aes.Cipher</c>, spec §2), and the
/// parse back from decrypted bytes.
/// </summary>
internal static class PlaintextCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The <c>type:</c> tag a leaf is encrypted as; null for nodes that are not encryptable leaves.</summary>
    public static string? TypeOf(TreeNode node) => node switch
    {
        StringValue or BytesValue => ValueTypes.Str,
        IntValue => ValueTypes.Int,
        FloatValue => ValueTypes.Float,
        BoolValue => ValueTypes.Bool,
        TimeValue => ValueTypes.Time,
        CommentValue => ValueTypes.Comment,
        _ => null,
    };

    /// <summary>True for the values sops leaves as "" instead of encrypting: empty strings, bytes and comments.</summary>
    public static bool IsEmpty(TreeNode node) => node switch
    {
        StringValue s => s.Value.Length == 0,
        BytesValue b => b.Value.Length == 0,
        CommentValue c => c.Text.Length == 0,
        _ => false,
    };

    /// <summary>
    /// Writes the plaintext bytes of <paramref name="node"/> into <paramref name="buffer"/> (grown when too small) and
    /// returns their length.
    /// </summary>
    public static int Serialize(TreeNode node, ref byte[] buffer)
    {
        switch (node)
        {
            case StringValue s:
                return WriteUtf8(s.Value, ref buffer);
            case CommentValue c:
                return WriteUtf8(c.Text, ref buffer);
            case BytesValue b:
                EnsureCapacity(ref buffer, b.Value.Length);
                b.Value.CopyTo(buffer, 0);
                return b.Value.Length;
            case IntValue i:
                EnsureCapacity(ref buffer, 20);
                if (!i.Value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException("integer formatting overflowed its buffer");
                }
                return written;
            case FloatValue f:
                return WriteUtf8(GoFloat.FormatF(f.Value), ref buffer);
            case BoolValue b:
                return WriteUtf8(b.Value ? "True" : "False", ref buffer);
            case TimeValue t:
                return WriteUtf8(GoRfc3339.FormatNano(t.Value, t.Nanoseconds), ref buffer);
            default:
                throw new ArgumentException($"a {node.GetType().Name} has no plaintext form", nameof(node));
        }
    }

    /// <summary>Parses decrypted bytes by type tag; false with a reason (never the value) when they do not parse.</summary>
    public static bool TryParse(string type, ReadOnlySpan<byte> plaintext, out TreeNode value, out string? error)
    {
        error = null;
        value = NullValue.Instance;
        switch (type)
        {
            case ValueTypes.Str:
                value = Utf8.IsValid(plaintext) ? new StringValue(StrictUtf8.GetString(plaintext)) : new BytesValue(plaintext.ToArray());
                return true;
            case ValueTypes.Bytes:
                value = new BytesValue(plaintext.ToArray());
                return true;
            case ValueTypes.Comment:
                value = new CommentValue(StrictUtf8.GetString(plaintext));
                return true;
            case ValueTypes.Int:
                if (long.TryParse(plaintext, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    value = new IntValue(l);
                    return true;
                }
                error = "the decrypted int is not a decimal 64-bit integer";
                return false;
            case ValueTypes.Float:
                if (GoFloat.TryParse(StrictUtf8.GetString(plaintext), out var d))
                {
                    value = new FloatValue(d);
                    return true;
                }
                error = "the decrypted float does not parse";
                return false;
            case ValueTypes.Bool:
                switch (StrictUtf8.GetString(plaintext))
                {
                    case "1" or "t" or "T" or "TRUE" or "true" or "True":
                        value = new BoolValue(true);
                        return true;
                    case "0" or "f" or "F" or "FALSE" or "false" or "False":
                        value = new BoolValue(false);
                        return true;
                    default:
                        error = "the decrypted bool is not one of Go's ParseBool spellings";
                        return false;
                }
            case ValueTypes.Time:
                if (GoRfc3339.TryParse(StrictUtf8.GetString(plaintext), out var time, out var nanoseconds))
                {
                    value = new TimeValue(time, nanoseconds);
                    return true;
                }
                error = "the decrypted time is not RFC 3339";
                return false;
            default:
                error = $"unknown value type '{Truncate(type)}' (expected str, int, float, bool, time, comment or bytes)";
                return false;
        }
    }

    private static string Truncate(string s) => s.Length <= 24 ? s : s[..24] + "…";

    private static int WriteUtf8(string s, ref byte[] buffer)
    {
        EnsureCapacity(ref buffer, s.Length <= 4096 ? Encoding.UTF8.GetMaxByteCount(s.Length) : Encoding.UTF8.GetByteCount(s));
        return Encoding.UTF8.GetBytes(s, buffer);
    }

    private static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new byte[length > 1024 * 1024 ? length : Math.Max(length, buffer.Length * 2)];
    }
}
