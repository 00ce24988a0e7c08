namespace SecretsKit.Core.Crypto;

/// <summary>
/// The parts of a stored <c>ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]</c> string (spec §2). Parsing matches sops' pattern
/// <c>^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]</c> exactly (start-anchored only, greedy groups, no
/// newline inside), without a regex engine: it is on the hot path of every value.
/// </summary>
internal readonly record struct EncryptedValue(byte[] Data, byte[] Iv, byte[] Tag, string Type)
{
    public const string Prefix = "ENC[AES256_GCM,";

    /// <summary>The IV length sops writes (32 bytes; GCM with a non-96-bit IV).</summary>
    public const int IvSize = 32;

    /// <summary>True when the string starts like an encrypted value (what decryption acts on).</summary>
    public static bool LooksEncrypted(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <inheritdoc cref="LooksEncrypted(string)"/>
    public static bool LooksEncrypted(ReadOnlySpan<char> value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses the string; false with a reason (which never quotes the value) when it is malformed.</summary>
    public static bool TryParse(string value, out EncryptedValue parsed, out string? error)
    {
        parsed = default;
        if (!TryLocate(value, out var data, out var iv, out var tag, out var type))
        {
            error = FormatError;
            return false;
        }
        if (!TryBase64(data, out var dataBytes)) { error = "the data field is not valid base64"; return false; }
        if (!TryBase64(iv, out var ivBytes)) { error = "the iv field is not valid base64"; return false; }
        if (!TryBase64(tag, out var tagBytes)) { error = "the tag field is not valid base64"; return false; }
        parsed = new EncryptedValue(dataBytes, ivBytes, tagBytes, InternType(type));
        error = null;
        return true;
    }

    internal const string FormatError = "the value does not match sops' ENC[AES256_GCM,data:…,iv:…,tag:…,type:…] format";

    internal static string InternType(ReadOnlySpan<char> type) => type switch
    {
        "str" => ValueTypes.Str,
        "int" => ValueTypes.Int,
        "float" => ValueTypes.Float,
        "bool" => ValueTypes.Bool,
        "time" => ValueTypes.Time,
        "comment" => ValueTypes.Comment,
        _ => type.ToString(),
    };

    /// <summary>
    /// Finds the four groups as the backtracking regex would: the last ",iv:" that still allows a match, then the last
    /// ",tag:" after it, the last ",type:" after that, and the last "]" (each group at least one character).
    /// </summary>
    internal static bool TryLocate(ReadOnlySpan<char> value, out ReadOnlySpan<char> data, out ReadOnlySpan<char> iv, out ReadOnlySpan<char> tag, out ReadOnlySpan<char> type)
    {
        data = iv = tag = type = default;
        var line = value;
        var newline = line.IndexOf('\n');
        if (newline >= 0) line = line[..newline];
        const string head = "ENC[AES256_GCM,data:";
        if (!line.StartsWith(head, StringComparison.Ordinal)) return false;
        var close = line.LastIndexOf(']');
        for (var pIv = LastBefore(line, ",iv:", line.Length); pIv > head.Length; pIv = LastBefore(line, ",iv:", pIv))
        {
            for (var pTag = LastBefore(line, ",tag:", line.Length); pTag > pIv + 4; pTag = LastBefore(line, ",tag:", pTag))
            {
                for (var pType = LastBefore(line, ",type:", line.Length); pType > pTag + 5; pType = LastBefore(line, ",type:", pType))
                {
                    if (close <= pType + 6) continue;
                    data = line[head.Length..pIv];
                    iv = line[(pIv + 4)..pTag];
                    tag = line[(pTag + 5)..pType];
                    type = line[(pType + 6)..close];
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The start of the last occurrence of <paramref name="literal"/> beginning before <paramref name="limit"/>, or -1.</summary>
    private static int LastBefore(ReadOnlySpan<char> line, string literal, int limit)
    {
        var end = Math.Min(line.Length, limit - 1 + literal.Length);
        return end <= 0 ? -1 : line[..end].LastIndexOf(literal, StringComparison.Ordinal);
    }

    /// <summary>
    /// Formats the stored string with standard, padded base64, written straight into the string: one allocation of the
    /// result's size and no other copy, whatever the value's size.
    /// </summary>
    public static string Format(ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag, string type)
    {
        const string d = "ENC[AES256_GCM,data:", i = ",iv:", t = ",tag:", ty = ",type:";
        var length = d.Length + B64Len(data.Length) + i.Length + B64Len(iv.Length) + t.Length + B64Len(tag.Length) + ty.Length + type.Length + 1;
        return string.Create(length, new Parts(data, iv, tag, type), static (chars, parts) =>
        {
            var pos = 0;
            Append(chars, ref pos, d);
            pos += ToBase64(parts.Data, chars[pos..]);
            Append(chars, ref pos, i);
            pos += ToBase64(parts.Iv, chars[pos..]);
            Append(chars, ref pos, t);
            pos += ToBase64(parts.Tag, chars[pos..]);
            Append(chars, ref pos, ty);
            Append(chars, ref pos, parts.Type);
            chars[pos++] = ']';
            if (pos != chars.Length) throw new InvalidOperationException("encrypted value length mismatch");
        });
    }

    /// <summary>Writes the base64 of a value's ciphertext into <paramref name="data"/> (exactly filled) and its tag.</summary>
    public delegate void DataWriter(Span<char> data, Span<byte> tag);

    /// <summary>
    /// Formats a stored value whose ciphertext of <paramref name="dataLength"/> bytes is produced while it is written:
    /// <paramref name="writeData"/> fills the data field in place and gives the tag, so no copy of the ciphertext exists.
    /// </summary>
    public static string Format(long dataLength, byte[] iv, string type, DataWriter writeData)
    {
        const string d = "ENC[AES256_GCM,data:", i = ",iv:", t = ",tag:", ty = ",type:";
        var b64 = (dataLength + 2) / 3 * 4;
        var length = d.Length + b64 + i.Length + B64Len(iv.Length) + t.Length + B64Len(GcmCipher.TagSize) + ty.Length + type.Length + 1;
        if (length > Array.MaxLength) throw new ArgumentException("the value is too large to encrypt", nameof(dataLength));
        return string.Create((int)length, (iv, type, writeData, (int)b64), static (chars, state) =>
        {
            var (ivBytes, typeName, write, dataChars) = state;
            var pos = 0;
            Append(chars, ref pos, d);
            Span<byte> tag = stackalloc byte[GcmCipher.TagSize];
            write(chars.Slice(pos, dataChars), tag);
            pos += dataChars;
            Append(chars, ref pos, i);
            pos += ToBase64(ivBytes, chars[pos..]);
            Append(chars, ref pos, t);
            pos += ToBase64(tag, chars[pos..]);
            Append(chars, ref pos, ty);
            Append(chars, ref pos, typeName);
            chars[pos++] = ']';
            if (pos != chars.Length) throw new InvalidOperationException("encrypted value length mismatch");
        });
    }

    /// <summary>The binary parts <see cref="Format"/> hands to <see cref="string.Create{TState}"/>.</summary>
    private readonly ref struct Parts(ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag, string type)
    {
        public ReadOnlySpan<byte> Data { get; } = data;

        public ReadOnlySpan<byte> Iv { get; } = iv;

        public ReadOnlySpan<byte> Tag { get; } = tag;

        public string Type { get; } = type;
    }

    private static int B64Len(int bytes) => (bytes + 2) / 3 * 4;

    private static void Append(Span<char> chars, ref int pos, string s)
    {
        s.AsSpan().CopyTo(chars[pos..]);
        pos += s.Length;
    }

    private static int ToBase64(ReadOnlySpan<byte> bytes, Span<char> into)
    {
        if (!Convert.TryToBase64Chars(bytes, into, out var written)) throw new InvalidOperationException("base64 buffer too small");
        return written;
    }

    private static bool TryBase64(ReadOnlySpan<char> text, out byte[] bytes)
    {
        var buffer = new byte[text.Length / 4 * 3 + 3];
        if (Convert.TryFromBase64Chars(text, buffer, out var written))
        {
            bytes = written == buffer.Length ? buffer : buffer[..written];
            return true;
        }
        bytes = [];
        return false;
    }
}
