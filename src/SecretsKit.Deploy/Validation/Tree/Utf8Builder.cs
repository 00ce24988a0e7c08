using System.Text;

namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// The text of a scalar that <see cref="LightYaml"/> makes from pieces (folded lines, escapes, block scalars), kept as
/// UTF-8 until its string is made: the pieces are the rendering's bytes, appended as they are.
/// </summary>
internal sealed class Utf8Builder
{
    private byte[] _bytes = new byte[256];

    /// <summary>The bytes held; lowering it drops the last ones.</summary>
    public int Length { get; set; }

    public Utf8Builder Clear()
    {
        Length = 0;
        return this;
    }

    public void Append(byte b)
    {
        if (Length == _bytes.Length) Grow(1);
        _bytes[Length++] = b;
    }

    public void Append(byte b, int count)
    {
        if (Length + count > _bytes.Length) Grow(count);
        _bytes.AsSpan(Length, count).Fill(b);
        Length += count;
    }

    public Utf8Builder Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _bytes.Length) Grow(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
        return this;
    }

    /// <summary>Appends a character given by its code (an escape's), UTF-8 encoded.</summary>
    public void Append(Rune rune)
    {
        Span<byte> encoded = stackalloc byte[4];
        Append(encoded[..rune.EncodeToUtf8(encoded)]);
    }

    public override string ToString() => Encoding.UTF8.GetString(_bytes, 0, Length);

    private void Grow(int more) => Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + more));
}
