using System.Text;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Tree;

/// <summary>
/// A UTF-8 string (sops type <c>str</c>). A stored <c>ENC[…]</c> value is held compactly instead of as a UTF-16 string:
/// packed as its binary parts (<see cref="PackedEncryptedValue"/>), or as its ASCII bytes when packing would not give
/// its text back exactly. A file of many encrypted values then takes a fraction of the memory; <see cref="Value"/> makes
/// the text again on each read, so the value and every comparison are the same whichever way it is held.
/// </summary>
public sealed record StringValue : TreeNode
{
    // A string, or the bytes of a compact stored value: packed (first byte a type code) or ASCII text (first byte 'E').
    private readonly object _data;

    public StringValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _data = value;
    }

    private StringValue(byte[] compact)
    {
        _data = compact;
    }

    /// <summary>The string (made again from the compact form on each read when held that way: read it once per use).</summary>
    public string Value => _data switch
    {
        string s => s,
        byte[] b when PackedEncryptedValue.IsPacked(b) => PackedEncryptedValue.ToText(b),
        byte[] b => Encoding.ASCII.GetString(b),
        _ => throw new InvalidOperationException("unexpected string value storage"),
    };

    /// <summary>The number of characters, without making the string.</summary>
    public int Length => _data switch
    {
        string s => s.Length,
        byte[] b when PackedEncryptedValue.IsPacked(b) => PackedEncryptedValue.TextLength(b),
        byte[] b => b.Length,
        _ => 0,
    };

    /// <summary>True when the value is a compact stored value (ASCII text of at most <see cref="CompactLimit"/> characters).</summary>
    internal bool IsCompact => _data is byte[];

    /// <summary>The longest stored value held compactly: a larger one stays a string, its decryption reads the text whole.</summary>
    internal const int CompactLimit = 64 * 1024;

    /// <summary>A stored value encrypted from its parts, held packed (or as its text when the parts cannot be packed).</summary>
    internal static StringValue FromEncryptedParts(ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> tag, string type)
    {
        var packed = PackedEncryptedValue.Pack(data, iv, tag, type);
        if (packed is not null && PackedEncryptedValue.TextLength(packed) <= CompactLimit) return new StringValue(packed);
        return new StringValue(EncryptedValue.Format(data, iv, tag, type));
    }

    /// <summary>
    /// The value of a stored <c>ENC[AES256_GCM,…]</c> string read as UTF-8 from a file, held compactly when its bytes are
    /// all ASCII (decoding them gives the same string) and it is not large; null for anything else, which the caller decodes.
    /// </summary>
    internal static StringValue? TryReadEncrypted(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > CompactLimit || !utf8.StartsWith("ENC[AES256_GCM,"u8) || !Ascii.IsValid(utf8)) return null;
        return new StringValue(PackedEncryptedValue.TryPack(utf8) ?? utf8.ToArray());
    }

    /// <summary>Writes a compact value's text as characters and returns its length; -1 when it is held as a string.</summary>
    internal int CopyCompactTo(Span<char> into) => _data switch
    {
        byte[] b when PackedEncryptedValue.IsPacked(b) => PackedEncryptedValue.WriteChars(b, into),
        byte[] b => Encoding.ASCII.GetChars(b, into),
        _ => -1,
    };

    /// <summary>Writes a compact value's text as ASCII bytes and returns its length; -1 when it is held as a string.</summary>
    internal int CopyCompactTo(Span<byte> into)
    {
        switch (_data)
        {
            case byte[] b when PackedEncryptedValue.IsPacked(b):
                return PackedEncryptedValue.WriteAscii(b, into);
            case byte[] b:
                b.CopyTo(into);
                return b.Length;
            default:
                return -1;
        }
    }

    public bool Equals(StringValue? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_data is string a && other._data is string b) return string.Equals(a, b, StringComparison.Ordinal);
        // Packing is one-to-one, so two values held the same way are equal exactly when their bytes are.
        if (_data is byte[] x && other._data is byte[] y && PackedEncryptedValue.IsPacked(x) == PackedEncryptedValue.IsPacked(y))
        {
            return x.AsSpan().SequenceEqual(y);
        }
        return Length == other.Length && string.Equals(Value, other.Value, StringComparison.Ordinal);
    }

    public override int GetHashCode() => string.GetHashCode(Value, StringComparison.Ordinal);

    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Value = ").Append(Value);
        return true;
    }
}
