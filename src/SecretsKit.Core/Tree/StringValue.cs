using System.Text;

namespace SecretsKit.Core.Tree;

/// <summary>
/// A UTF-8 string (sops type <c>str</c>). A stored <c>ENC[…]</c> value (ASCII by construction) is kept as its ASCII
/// bytes rather than as a UTF-16 string, half the memory for a file of many encrypted values; <see cref="Value"/> then
/// decodes it on each read, so the value and every comparison are the same whichever way it is held.
/// </summary>
public sealed record StringValue : TreeNode
{
    private readonly string? _text;
    private readonly byte[]? _ascii;

    public StringValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _text = value;
    }

    private StringValue(byte[] ascii)
    {
        _ascii = ascii;
    }

    /// <summary>The string (decoded afresh from ASCII bytes when held that way: read it once per use).</summary>
    public string Value => _text ?? Encoding.ASCII.GetString(_ascii!);

    /// <summary>The number of characters, without decoding.</summary>
    public int Length => _text?.Length ?? _ascii!.Length;

    /// <summary>A value held as the ASCII bytes it is made of; <paramref name="ascii"/> must be ASCII and is not copied.</summary>
    internal static StringValue FromAscii(byte[] ascii)
    {
        if (!Ascii.IsValid(ascii)) throw new ArgumentException("the bytes are not ASCII", nameof(ascii));
        return new StringValue(ascii);
    }

    /// <summary>
    /// The value of a stored <c>ENC[AES256_GCM,…]</c> string read as UTF-8 from a file, held as a copy of its bytes when
    /// they are all ASCII (decoding them gives the same string) and it is not large; null for anything else, which the
    /// caller decodes. A large value stays a string: decrypting it reads its text whole.
    /// </summary>
    internal static StringValue? TryReadEncrypted(ReadOnlySpan<byte> utf8) =>
        utf8.Length <= CompactLimit && utf8.StartsWith("ENC[AES256_GCM,"u8) && Ascii.IsValid(utf8) ? new StringValue(utf8.ToArray()) : null;

    /// <summary>The longest stored value held as bytes.</summary>
    internal const int CompactLimit = 64 * 1024;

    /// <summary>The ASCII bytes when the value is held that way.</summary>
    internal bool TryGetAscii(out ReadOnlySpan<byte> ascii)
    {
        ascii = _ascii;
        return _ascii is not null;
    }

    public bool Equals(StringValue? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_ascii is not null && other._ascii is not null) return _ascii.AsSpan().SequenceEqual(other._ascii);
        if (_text is not null && other._text is not null) return string.Equals(_text, other._text, StringComparison.Ordinal);
        return Length == other.Length && string.Equals(Value, other.Value, StringComparison.Ordinal);
    }

    public override int GetHashCode() => string.GetHashCode(Value, StringComparison.Ordinal);

    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Value = ").Append(Value);
        return true;
    }
}
