using System.Text;

namespace SecretsKit.Core.Formats.Text;

/// <summary>
/// Text written as UTF-8 to a stream through two fixed buffers, for the emitters that build their output character by
/// character (YAML, dotenv, INI): a document of any size costs ~64 KB instead of a builder, a string and an array of its
/// size. The bytes equal encoding the whole text at once (a surrogate pair split between buffers is joined; a lone
/// surrogate becomes U+FFFD, as <see cref="Encoding.UTF8"/> does). The buffers are cleared when <see cref="Finish"/> ends.
/// </summary>
internal sealed class Utf8TextOutput
{
    private const int Capacity = 16 * 1024;

    private readonly Stream _stream;
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private readonly char[] _chars = new char[Capacity];
    private readonly byte[] _bytes = new byte[Encoding.UTF8.GetMaxByteCount(Capacity)];
    private int _count;

    public Utf8TextOutput(Stream stream) => _stream = stream;

    public Utf8TextOutput Append(char c)
    {
        if (_count == Capacity) Drain(final: false);
        _chars[_count++] = c;
        return this;
    }

    public Utf8TextOutput Append(string? s) => Append(s.AsSpan());

    public Utf8TextOutput Append(ReadOnlySpan<char> s)
    {
        while (!s.IsEmpty)
        {
            if (_count == Capacity) Drain(final: false);
            var n = Math.Min(s.Length, Capacity - _count);
            s[..n].CopyTo(_chars.AsSpan(_count));
            _count += n;
            s = s[n..];
        }
        return this;
    }

    public Utf8TextOutput Append(char c, int repeat)
    {
        for (var i = 0; i < repeat; i++) Append(c);
        return this;
    }

    /// <summary>Writes what is buffered (a pending lone high surrogate as U+FFFD) and clears the buffers.</summary>
    public void Finish()
    {
        Drain(final: true);
        Array.Clear(_chars);
        Array.Clear(_bytes);
    }

    private void Drain(bool final)
    {
        var n = _encoder.GetBytes(_chars.AsSpan(0, _count), _bytes, flush: final);
        _stream.Write(_bytes, 0, n);
        _count = 0;
    }
}
