using System.Text.RegularExpressions;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// The parts of a stored <c>ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]</c> string (spec §2). Parsing uses sops' own
/// pattern: anchored at the start only, greedy groups.
/// </summary>
internal readonly record struct EncryptedValue(byte[] Data, byte[] Iv, byte[] Tag, string Type)
{
    public const string Prefix = "ENC[AES256_GCM,";

    private static readonly Regex Pattern = new(
        @"^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]",
        RegexOptions.CultureInvariant);

    /// <summary>True when the string starts like an encrypted value (what decryption acts on).</summary>
    public static bool LooksEncrypted(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses the string; false with a reason (which never quotes the value) when it is malformed.</summary>
    public static bool TryParse(string value, out EncryptedValue parsed, out string? error)
    {
        parsed = default;
        var m = Pattern.Match(value);
        if (!m.Success)
        {
            error = "the value does not match sops' ENC[AES256_GCM,data:…,iv:…,tag:…,type:…] format";
            return false;
        }
        if (!TryBase64(m.Groups[1].Value, out var data)) { error = "the data field is not valid base64"; return false; }
        if (!TryBase64(m.Groups[2].Value, out var iv)) { error = "the iv field is not valid base64"; return false; }
        if (!TryBase64(m.Groups[3].Value, out var tag)) { error = "the tag field is not valid base64"; return false; }
        parsed = new EncryptedValue(data, iv, tag, m.Groups[4].Value);
        error = null;
        return true;
    }

    /// <summary>Formats the stored string with standard, padded base64, in one allocation.</summary>
    public static string Format(ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag, string type)
    {
        const string d = "ENC[AES256_GCM,data:", i = ",iv:", t = ",tag:", ty = ",type:";
        var length = d.Length + B64Len(data.Length) + i.Length + B64Len(iv.Length) + t.Length + B64Len(tag.Length) + ty.Length + type.Length + 1;
        Span<char> chars = length <= 1024 ? stackalloc char[length] : new char[length];
        var pos = 0;
        Append(chars, ref pos, d);
        pos += ToBase64(data, chars[pos..]);
        Append(chars, ref pos, i);
        pos += ToBase64(iv, chars[pos..]);
        Append(chars, ref pos, t);
        pos += ToBase64(tag, chars[pos..]);
        Append(chars, ref pos, ty);
        Append(chars, ref pos, type);
        chars[pos++] = ']';
        return new string(chars[..pos]);
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

    private static bool TryBase64(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
