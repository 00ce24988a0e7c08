using System.Text;

namespace SecretsKit.Core.Formats.Text;

/// <summary>
/// Text written as UTF-8 to a stream through two bounded buffers, for the emitters that build their output character by
/// character (YAML, dotenv, INI): a document of any size costs at most ~80 KB instead of a builder, a string and an
/// array of its size. The character buffer starts at 1 K and grows four-fold up to 16 K only when a document fills it,
/// so the small files most runs write touch a few pages, not twenty (a cold decrypt is counted in page faults:
/// bench/README.md). The bytes equal encoding the whole text at once (a surrogate pair split between buffers is joined;
/// a lone surrogate becomes U+FFFD, as <see cref="Encoding.UTF8"/> does). A buffer outgrown is cleared before it is
/// dropped, and the buffers in use when <see cref="Finish"/> ends.
/// </summary>
internal sealed class Utf8TextOutput
{
    internal const int InitialCapacity = 1024;
    internal const int MaxCapacity = 16 * 1024;

    private readonly Stream _stream;
    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private char[] _chars = new char[InitialCapacity];
    private byte[] _bytes = [];
    private int _count;

    /// <summary>The character buffer's size now (1 K, 4 K or 16 K): the tests check the growth and its bound.</summary>
    internal int Capacity => _chars.Length;

    public Utf8TextOutput(Stream stream) => _stream = stream;

    public Utf8TextOutput Append(char c)
    {
        if (_count == _chars.Length) MakeRoom();
        _chars[_count++] = c;
        return this;
    }

    public Utf8TextOutput Append(string? s) => Append(s.AsSpan());

    public Utf8TextOutput Append(ReadOnlySpan<char> s)
    {
        while (!s.IsEmpty)
        {
            if (_count == _chars.Length) MakeRoom();
            var n = Math.Min(s.Length, _chars.Length - _count);
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

    /// <summary>A full buffer grows four-fold while it is under 16 K, and is written out once it is that size.</summary>
    private void MakeRoom()
    {
        if (_chars.Length >= MaxCapacity)
        {
            Drain(final: false);
            return;
        }
        var grown = new char[Math.Min(_chars.Length * 4, MaxCapacity)];
        _chars.AsSpan(0, _count).CopyTo(grown);
        Array.Clear(_chars);
        _chars = grown;
    }

    private void Drain(bool final)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(_count);
        if (_bytes.Length < needed)
        {
            Array.Clear(_bytes);
            _bytes = new byte[needed];
        }
        var n = _encoder.GetBytes(_chars.AsSpan(0, _count), _bytes, flush: final);
        _stream.Write(_bytes, 0, n);
        _count = 0;
    }
}
