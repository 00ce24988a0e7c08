using System.Text;

namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>
/// HPACK header block decoding (RFC 7541): the static table, one connection's dynamic table (bounded by the
/// <see cref="MaxTableSize"/> this server announces), integers, literal and Huffman strings, and a budget on the decoded
/// header list (<see cref="MaxHeaderListSize"/>, counted as RFC 7540 does: name + value + 32 per field). Anything
/// malformed or over budget is an <see cref="Http2Exception"/> (a connection error: the dynamic table can no longer be
/// trusted).
/// </summary>
internal sealed class HpackDecoder
{
    public const int MaxTableSize = 4096;
    public const int MaxHeaderListSize = 16 * 1024;

    private static readonly (string Name, string Value)[] StaticTable =
    [
        (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""), ("etag", ""),
        ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
        ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""), ("link", ""),
        ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""), ("proxy-authorization", ""), ("range", ""),
        ("referer", ""), ("refresh", ""), ("retry-after", ""), ("server", ""), ("set-cookie", ""),
        ("strict-transport-security", ""), ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
        ("www-authenticate", ""),
    ];

    // newest first, as HPACK indexes it
    private readonly List<(string Name, string Value)> _dynamic = [];
    private int _dynamicSize;
    private int _dynamicMax = MaxTableSize;

    public List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new List<(string, string)>();
        var listSize = 0;
        var position = 0;
        var sizeUpdateAllowed = true;
        while (position < block.Length)
        {
            var first = block[position];
            (string Name, string Value) field;
            if ((first & 0x80) != 0)
            {
                field = Lookup(ReadInteger(block, ref position, 7));
            }
            else if ((first & 0xC0) == 0x40)
            {
                field = ReadLiteral(block, ref position, 6);
                Add(field);
            }
            else if ((first & 0xE0) == 0x20)
            {
                if (!sizeUpdateAllowed) throw Http2Exception.Compression("a dynamic table size update after a header field");
                var size = ReadInteger(block, ref position, 5);
                if (size > MaxTableSize) throw Http2Exception.Compression("a dynamic table size above the announced limit");
                _dynamicMax = size;
                Evict(0);
                continue;
            }
            else
            {
                field = ReadLiteral(block, ref position, 4);
            }
            sizeUpdateAllowed = false;
            listSize += field.Name.Length + field.Value.Length + 32;
            if (listSize > MaxHeaderListSize) throw Http2Exception.Calm($"a header list larger than {MaxHeaderListSize} bytes");
            headers.Add(field);
        }
        return headers;
    }

    private (string, string) Lookup(int index)
    {
        if (index <= 0) throw Http2Exception.Compression("header index 0");
        if (index <= StaticTable.Length) return StaticTable[index - 1];
        var i = index - StaticTable.Length - 1;
        if (i >= _dynamic.Count) throw Http2Exception.Compression("a header index beyond the dynamic table");
        return _dynamic[i];
    }

    private (string, string) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        var index = ReadInteger(block, ref position, prefix);
        var name = index == 0 ? ReadString(block, ref position) : Lookup(index).Item1;
        return (name, ReadString(block, ref position));
    }

    private void Add((string Name, string Value) field)
    {
        var size = field.Name.Length + field.Value.Length + 32;
        Evict(size);
        if (size > _dynamicMax) return; // an entry larger than the table empties it and is not added (RFC 7541 4.4)
        _dynamic.Insert(0, field);
        _dynamicSize += size;
    }

    private void Evict(int incoming)
    {
        while (_dynamic.Count > 0 && _dynamicSize + incoming > _dynamicMax)
        {
            var last = _dynamic[^1];
            _dynamicSize -= last.Name.Length + last.Value.Length + 32;
            _dynamic.RemoveAt(_dynamic.Count - 1);
        }
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length) throw Http2Exception.Compression("a truncated string literal");
        var huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position) throw Http2Exception.Compression("a string literal longer than its header block");
        var raw = block.Slice(position, length);
        position += length;
        if (!huffman) return Encoding.Latin1.GetString(raw);
        var decoded = new List<byte>(length * 8 / 5 + 1);
        if (!HpackHuffman.TryDecode(raw, decoded)) throw Http2Exception.Compression("an invalid Huffman string");
        return Encoding.Latin1.GetString(decoded.ToArray());
    }

    /// <summary>An HPACK integer with an N-bit prefix (RFC 7541 5.1), refused above 2^24 (no field or table comes near).</summary>
    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        if (position >= block.Length) throw Http2Exception.Compression("a truncated integer");
        var mask = (1 << prefixBits) - 1;
        var value = block[position++] & mask;
        if (value < mask) return value;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length) throw Http2Exception.Compression("a truncated integer");
            if (shift > 21) throw Http2Exception.Compression("an integer out of range");
            var b = block[position++];
            value += (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
