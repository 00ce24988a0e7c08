using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecretsKit.Kubernetes.Caching;

/// <summary>
/// How <see cref="ObjectCache"/> holds an object: a compact token stream of its JSON, written against a string table
/// shared by every object of the cache. Objects of one watch are alike (the same keys, kinds, reasons, store names),
/// and what differs between them has a shorter form than its text. Each string is one of:
/// <list type="bullet">
/// <item>a reference to the shared table: every property name, and the values of the first object packed;</item>
/// <item>a reference back to a string earlier in the same object (a name repeated in an owner reference, a UID in an
/// annotation);</item>
/// <item>a UUID as 16 bytes, an RFC 3339 second-precision UTC time as its Unix seconds, a decimal string (a
/// resourceVersion) as its number, lowercase hex and canonical base64 (a Secret's <c>data</c>) as their bytes;</item>
/// <item>otherwise its UTF-8.</item>
/// </list>
/// Each form is used only when turning it back gives the same text. At 10,000 ExternalSecrets the Brotli-per-object
/// packing this replaces held an ExternalSecret in about 400 bytes and its Secret in about 420; compression per object
/// cannot see what objects have in common. The table is bounded (<see cref="MaxTableStrings"/> strings of at most
/// <see cref="MaxTableStringLength"/> characters), so objects written by anyone cannot grow it without limit. Unpacking
/// writes the JSON again and parses it, so readers get the same node tree as from the API server's bytes. Pooled
/// buffers are cleared on return: a Secret's JSON holds its values.
/// </summary>
internal sealed class PackedJson
{
    public const int MaxTableStrings = 4096;
    public const int MaxTableStringLength = 64;

    // back references are kept for the first strings of an object only, so packing stays linear
    private const int MaxBackReferences = 64;

    private const byte Null = 0x00;
    private const byte False = 0x01;
    private const byte True = 0x02;
    private const byte Number = 0x03;
    private const byte ObjectStart = 0x04;
    private const byte ArrayStart = 0x05;
    private const byte End = 0x06;
    private const byte TableString = 0x10;
    private const byte InlineString = 0x11;
    private const byte BackReference = 0x12;
    private const byte UuidString = 0x13;
    private const byte TimeString = 0x14;
    private const byte HexString = 0x15;
    private const byte Base64String = 0x16;
    private const byte DecimalString = 0x17;
    private const byte VersionLead = 0x20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private JsonEncodedText[] _strings = new JsonEncodedText[64];
    private int _count;
    private bool _valuesTaken;

    /// <summary>Strings in the shared table.</summary>
    public int TableCount => Volatile.Read(ref _count);

    /// <summary>The compact form of <paramref name="obj"/>.</summary>
    public byte[] Pack(JsonObject obj) => Pack(obj, null, withVersion: false);

    /// <summary>
    /// The compact form of <paramref name="obj"/>, led by its resourceVersion (<see cref="ResourceVersionOf"/>), then its
    /// namespace and name as UTF-8 (<see cref="NamespaceOf"/>, <see cref="NameOf"/>: a cache finds its objects by them
    /// without a key string beside each); the body's copies of the namespace and name refer back to the lead. Unpacked with
    /// <see cref="Unpack"/> like any other.
    /// </summary>
    public byte[] Pack(JsonObject obj, string? resourceVersion) => Pack(obj, resourceVersion, withVersion: true);

    private byte[] Pack(JsonObject obj, string? resourceVersion, bool withVersion)
    {
        using var json = new PooledBuffer(1024);
        using (var writer = new Utf8JsonWriter(json))
        {
            obj.WriteTo(writer);
        }
        return Pack(json.WrittenSpan, resourceVersion, withVersion ? (obj.GetNamespace(), obj.GetName() ?? "") : null);
    }

    private byte[] Pack(ReadOnlySpan<byte> json, string? resourceVersion, (string? Namespace, string Name)? identity)
    {
        bool takeValues;
        lock (_gate)
        {
            takeValues = !_valuesTaken;
            _valuesTaken = true;
        }
        using var output = new PooledBuffer(json.Length + 16);
        var seen = new List<string>();
        if (identity is { } id)
        {
            output.Byte(VersionLead);
            if (resourceVersion is null) output.Byte(Null);
            else WriteStandalone(output, resourceVersion);
            WriteRaw(output, id.Namespace);
            WriteRaw(output, id.Name);
            if (id.Namespace is not null) seen.Add(id.Namespace);
            seen.Add(id.Name);
        }
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1000 });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: output.Byte(ObjectStart); break;
                case JsonTokenType.StartArray: output.Byte(ArrayStart); break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray: output.Byte(End); break;
                case JsonTokenType.PropertyName: WriteString(output, reader.GetString()!, share: true, seen); break;
                case JsonTokenType.String: WriteString(output, reader.GetString()!, share: takeValues, seen); break;
                case JsonTokenType.Number:
                    output.Byte(Number);
                    output.VarInt((ulong)reader.ValueSpan.Length);
                    output.Bytes(reader.ValueSpan);
                    break;
                case JsonTokenType.True: output.Byte(True); break;
                case JsonTokenType.False: output.Byte(False); break;
                case JsonTokenType.Null: output.Byte(Null); break;
                default: throw new InvalidDataException($"unexpected JSON token {reader.TokenType}");
            }
        }
        return output.ToArray();
    }

    private void WriteString(PooledBuffer output, string text, bool share, List<string> seen)
    {
        if (Lookup(text, share) is { } index)
        {
            output.Byte(TableString);
            output.VarInt((ulong)index);
            return;
        }
        var back = seen.IndexOf(text);
        if (back >= 0)
        {
            output.Byte(BackReference);
            output.VarInt((ulong)back);
            return;
        }
        if (seen.Count < MaxBackReferences) seen.Add(text);
        WriteStandalone(output, text);
    }

    /// <summary>A string as its UTF-8 bytes (or <see cref="Null"/>), always: the lead's namespace and name, read in place.</summary>
    private static void WriteRaw(PooledBuffer output, string? text)
    {
        if (text is null)
        {
            output.Byte(Null);
            return;
        }
        output.Byte(InlineString);
        var utf8 = Encoding.UTF8.GetByteCount(text);
        output.VarInt((ulong)utf8);
        output.Utf8(text, utf8);
    }

    /// <summary>A string in its shortest exact form, without the table or back references.</summary>
    private static void WriteStandalone(PooledBuffer output, string text)
    {
        if (PackedStringForms.TryUuid(text, out var uuid))
        {
            output.Byte(UuidString);
            Span<byte> bytes = stackalloc byte[16];
            uuid.TryWriteBytes(bytes, bigEndian: true, out _);
            output.Bytes(bytes);
        }
        else if (PackedStringForms.TryTime(text, out var seconds))
        {
            output.Byte(TimeString);
            output.VarInt(seconds);
        }
        else if (PackedStringForms.TryDecimal(text, out var number))
        {
            output.Byte(DecimalString);
            output.VarInt(number);
        }
        else if (PackedStringForms.TryHex(text, out var hex) || PackedStringForms.TryBase64(text, out hex))
        {
            output.Byte(hex.IsBase64 ? Base64String : HexString);
            output.VarInt((ulong)hex.Bytes.Length);
            output.Bytes(hex.Bytes);
        }
        else
        {
            output.Byte(InlineString);
            var utf8 = Encoding.UTF8.GetByteCount(text);
            output.VarInt((ulong)utf8);
            output.Utf8(text, utf8);
        }
    }

    /// <summary>The table index of <paramref name="text"/>; with <paramref name="add"/>, added while there is room.</summary>
    private int? Lookup(string text, bool add)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(text, out var index)) return index;
            if (!add || _count >= MaxTableStrings || text.Length > MaxTableStringLength || text.Length == 0) return null;
            if (_count == _strings.Length) Array.Resize(ref _strings, _strings.Length * 2);
            _strings[_count] = JsonEncodedText.Encode(text);
            _index[text] = _count;
            return _count++;
        }
    }

    private JsonEncodedText Table(int index)
    {
        lock (_gate)
        {
            return index < _count ? _strings[index] : throw new InvalidDataException("a cached object refers to an unknown string");
        }
    }

    /// <summary>A new node tree of the packed object (the caller's to modify).</summary>
    public JsonObject Unpack(byte[] packed)
    {
        using var json = new PooledBuffer(packed.Length * 3 + 256);
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { SkipValidation = true }))
        {
            var input = new PackedInput(packed);
            var seen = new List<JsonEncodedText>();
            if (!input.AtEnd && packed[0] == VersionLead)
            {
                SkipVersion(ref input);
                // the namespace and name of the lead: the first strings the body may refer back to
                if (ReadRaw(ref input) is { } ns) seen.Add(JsonEncodedText.Encode(ns));
                seen.Add(JsonEncodedText.Encode(ReadRaw(ref input) ?? ""));
            }
            var inObject = new Stack<bool>();
            var expectKey = false;
            while (!input.AtEnd)
            {
                var tag = input.Byte();
                var isKey = expectKey && tag != End;
                switch (tag)
                {
                    case ObjectStart:
                        writer.WriteStartObject();
                        inObject.Push(true);
                        expectKey = true;
                        continue;
                    case ArrayStart:
                        writer.WriteStartArray();
                        inObject.Push(false);
                        expectKey = false;
                        continue;
                    case End:
                        if (inObject.Pop()) writer.WriteEndObject();
                        else writer.WriteEndArray();
                        expectKey = inObject.TryPeek(out var outer) && outer;
                        continue;
                    case Null: writer.WriteNullValue(); break;
                    case True: writer.WriteBooleanValue(true); break;
                    case False: writer.WriteBooleanValue(false); break;
                    case Number: writer.WriteRawValue(input.Bytes((int)input.VarInt()), skipInputValidation: true); break;
                    default:
                        var text = ReadString(tag, ref input, seen);
                        if (isKey)
                        {
                            writer.WritePropertyName(text);
                            expectKey = false;
                            continue;
                        }
                        writer.WriteStringValue(text);
                        break;
                }
                expectKey = inObject.TryPeek(out var container) && container;
            }
        }
        return JsonNode.Parse(json.WrittenSpan)!.AsObject();
    }

    /// <summary>The resourceVersion a packed object leads with, or null.</summary>
    public static string? ResourceVersionOf(byte[] packed)
    {
        if (packed.Length < 2 || packed[0] != VersionLead) return null;
        var input = new PackedInput(packed);
        input.Byte();
        var tag = input.Byte();
        return tag == Null ? null : StandaloneString(tag, ref input);
    }

    /// <summary>The UTF-8 namespace a packed object of a cache leads with; empty when it has none.</summary>
    public static ReadOnlySpan<byte> NamespaceOf(byte[] packed) => LeadOf(packed, 0);

    /// <summary>The UTF-8 name a packed object of a cache leads with.</summary>
    public static ReadOnlySpan<byte> NameOf(byte[] packed) => LeadOf(packed, 1);

    private static ReadOnlySpan<byte> LeadOf(byte[] packed, int which)
    {
        if (packed.Length < 2 || packed[0] != VersionLead) throw new InvalidDataException("a cached object has no lead");
        var input = new PackedInput(packed);
        SkipVersion(ref input);
        for (var i = 0; ; i++)
        {
            var bytes = input.Byte() == Null ? default : input.Bytes((int)input.VarInt());
            if (i == which) return bytes;
        }
    }

    private static string? ReadRaw(ref PackedInput input) =>
        input.Byte() == Null ? null : Encoding.UTF8.GetString(input.Bytes((int)input.VarInt()));

    private static void SkipVersion(ref PackedInput input)
    {
        input.Byte();
        var tag = input.Byte();
        if (tag != Null) StandaloneString(tag, ref input);
    }

    /// <summary>A string written with no table and no back references (the leading resourceVersion).</summary>
    private static string StandaloneString(byte tag, ref PackedInput input) => tag switch
    {
        InlineString => Encoding.UTF8.GetString(input.Bytes((int)input.VarInt())),
        UuidString => new Guid(input.Bytes(16), bigEndian: true).ToString("D"),
        TimeString => PackedStringForms.Time(input.VarInt()),
        DecimalString => input.VarInt().ToString(CultureInfo.InvariantCulture),
        HexString => Convert.ToHexStringLower(input.Bytes((int)input.VarInt())),
        Base64String => Convert.ToBase64String(input.Bytes((int)input.VarInt())),
        _ => throw new InvalidDataException($"a cached object holds an unknown tag {tag}"),
    };

    private JsonEncodedText ReadString(byte tag, ref PackedInput input, List<JsonEncodedText> seen)
    {
        switch (tag)
        {
            case TableString:
                return Table((int)input.VarInt());
            case BackReference:
                var back = (int)input.VarInt();
                return back < seen.Count ? seen[back] : throw new InvalidDataException("a cached object refers back to an unknown string");
        }
        var text = StandaloneString(tag, ref input);
        var encoded = JsonEncodedText.Encode(text);
        if (seen.Count < MaxBackReferences) seen.Add(encoded);
        return encoded;
    }
}
