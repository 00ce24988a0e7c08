using SecretsKit.Go.Strconv;

namespace SecretsKit.Go.Json;

/// <summary>
/// Go's <c>encoding/json</c> encoder as one writer: the caller walks its own values (the sops tree, template values,
/// <c>JsonNode</c>) and calls <see cref="WriteStartObject"/>, <see cref="WritePropertyName(string)"/>, <see cref="WriteStringValue(string)"/>,
/// <see cref="WriteNumberValue"/>… in order; the writer adds Go's separators and, with <see cref="GoJsonOptions.Indent"/>,
/// <c>json.Indent</c>'s layout (<c>"key": value</c>, a new line per member, empty <c>{}</c>/<c>[]</c> kept compact).
/// Strings are escaped by <see cref="GoJsonStrings"/>. Sorting map keys is the caller's (Go sorts them for maps, not
/// for structs or <c>json.Indent</c>'s input), done with <see cref="SortedKeys{T}"/>. The bytes go to a stream through a
/// fixed buffer; call <see cref="Finish"/> at the end.
/// </summary>
public sealed class GoJsonWriter
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _output;
    private readonly GoJsonOptions _options;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly List<int> _counts = [];
    private readonly GoJsonStrings _strings;
    private int _used;
    private long _flushed;
    private bool _afterKey;

    public GoJsonWriter(Stream output, GoJsonOptions? options = null)
    {
        _output = output;
        _options = options ?? GoJsonOptions.Marshal;
        _strings = new GoJsonStrings(this, _options);
    }

    /// <summary>Bytes written so far, buffered ones included.</summary>
    public long Length => _flushed + _used;

    /// <summary>Map entries in Go's order for <c>map[string]T</c>: keys sorted by their bytes (ordinal UTF-16 order agrees for the BMP).</summary>
    public static IEnumerable<KeyValuePair<string, T>> SortedKeys<T>(IEnumerable<KeyValuePair<string, T>> entries) =>
        entries.OrderBy(kv => kv.Key, StringComparer.Ordinal);

    /// <summary>Writes out what is buffered and clears the buffers.</summary>
    public void Finish()
    {
        Drain();
        Array.Clear(_buffer);
        _strings.Clear();
    }

    public void WriteStartObject() => Open((byte)'{');

    public void WriteEndObject() => Close((byte)'}');

    public void WriteStartArray() => Open((byte)'[');

    public void WriteEndArray() => Close((byte)']');

    /// <summary>The next member's key (the value follows with one of the value calls).</summary>
    public void WritePropertyName(string key)
    {
        Separate();
        _strings.Write(key);
        WriteRaw(_options.Indent is null ? ":" : ": ");
        _afterKey = true;
    }

    /// <summary>The next member's key from raw bytes (invalid UTF-8 as <c>\ufffd</c>).</summary>
    public void WritePropertyName(ReadOnlySpan<byte> key)
    {
        Separate();
        _strings.Write(key);
        WriteRaw(_options.Indent is null ? ":" : ": ");
        _afterKey = true;
    }

    /// <summary>A string value, written as Go writes a Go <c>string</c> of its UTF-16 text encoded as UTF-8.</summary>
    public void WriteStringValue(string value)
    {
        BeforeValue();
        _strings.Write(value);
    }

    /// <summary>A string value from raw bytes, as Go writes a <c>string</c> holding them (invalid UTF-8 as <c>\ufffd</c>).</summary>
    public void WriteStringValue(ReadOnlySpan<byte> value)
    {
        BeforeValue();
        _strings.Write(value);
    }

    public void WriteNumberValue(long value)
    {
        BeforeValue();
        WriteRaw(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void WriteNumberValue(ulong value)
    {
        BeforeValue();
        WriteRaw(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A float64 as <c>encoding/json</c> writes it; NaN and infinities are refused as Go refuses them.</summary>
    public void WriteNumberValue(double value)
    {
        if (!double.IsFinite(value)) throw new GoException($"json: unsupported value: {GoFloat.FormatG(value, upper: false)}");
        BeforeValue();
        WriteRaw(GoFloat.FormatJson(value));
    }

    public void WriteBooleanValue(bool value)
    {
        BeforeValue();
        WriteRaw(value ? "true" : "false");
    }

    public void WriteNullValue()
    {
        BeforeValue();
        WriteRaw("null");
    }

    /// <summary>ASCII text as it is, outside the value structure (the newline an <c>Encoder</c> ends each value with).</summary>
    public void WriteRawAscii(string ascii) => WriteRaw(ascii);

    private void Open(byte b)
    {
        BeforeValue();
        Put(b);
        _counts.Add(0);
    }

    private void Close(byte b)
    {
        var count = _counts[^1];
        _counts.RemoveAt(_counts.Count - 1);
        if (count > 0) NewLine(_counts.Count);
        Put(b);
    }

    private void BeforeValue()
    {
        if (_afterKey)
        {
            _afterKey = false;
            return;
        }
        if (_counts.Count > 0) Separate();
    }

    private void Separate()
    {
        if (_counts[^1]++ > 0) Put((byte)',');
        NewLine(_counts.Count);
    }

    private void NewLine(int depth)
    {
        if (_options.Indent is not { } indent) return;
        Put((byte)'\n');
        for (var i = 0; i < depth; i++) WriteRaw(indent);
    }

    internal void WriteRaw(string ascii)
    {
        foreach (var c in ascii) Put((byte)c);
    }

    internal void Put(byte b)
    {
        if (_used == BufferSize) Drain();
        _buffer[_used++] = b;
    }

    internal void PutBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferSize - _used) Drain();
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Drain()
    {
        _output.Write(_buffer, 0, _used);
        _flushed += _used;
        _used = 0;
    }
}
