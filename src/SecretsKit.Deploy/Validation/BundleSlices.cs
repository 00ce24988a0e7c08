using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// Where the properties of a JSON object lie in its bytes, found by one vectorised pass that only follows strings and
/// brackets (no tokens, no values made): how <see cref="BuiltinSchemas"/> indexes its bundle at every start. For JSON
/// this project writes (the embedded bundles); malformed input fails with a <see cref="JsonException"/>, and every
/// slice is read by a real JSON reader when used.
/// </summary>
internal static class BundleSlices
{
    private static readonly SearchValues<byte> Brackets = SearchValues.Create("{}[]\""u8);
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> ScalarEnds = SearchValues.Create(",}] \t\r\n"u8);

    /// <summary>Each property of the object at <paramref name="start"/>: its name and where its value starts and ends.</summary>
    public static List<(string Name, int Start, int End)> Properties(byte[] json, int start) => Properties(json, start, null, null);

    /// <summary>
    /// As <see cref="Properties(byte[], int)"/>, and when a property named <paramref name="nestedName"/> holds an object,
    /// that object's properties go into <paramref name="nested"/> in the same pass (the bundle's <c>schemas</c>: its
    /// bytes are walked once, not once to find its end and again to list it).
    /// </summary>
    public static List<(string Name, int Start, int End)> Properties(byte[] json, int start, string? nestedName, List<(string Name, int Start, int End)>? nested)
    {
        var properties = new List<(string, int, int)>();
        ObjectEnd(json, start, properties, nestedName, nested);
        return properties;
    }

    // Lists the properties of the object at start into properties; returns just past its closing brace.
    private static int ObjectEnd(byte[] json, int start, List<(string, int, int)> properties, string? nestedName, List<(string Name, int Start, int End)>? nested)
    {
        var i = Expect(json, Skip(json, start), (byte)'{');
        i = Skip(json, i);
        if (i < json.Length && json[i] == '}') return i + 1;
        while (true)
        {
            if (i >= json.Length || json[i] != '"') throw Malformed(i);
            var nameEnd = StringEnd(json, i);
            if (json.AsSpan(i + 1, nameEnd - i - 2).Contains((byte)'\\')) throw Malformed(i); // names here are plain
            var name = Encoding.UTF8.GetString(json, i + 1, nameEnd - i - 2);
            var valueStart = Skip(json, Expect(json, Skip(json, nameEnd), (byte)':'));
            var valueEnd = nested is not null && name == nestedName && valueStart < json.Length && json[valueStart] == '{'
                ? ObjectEnd(json, valueStart, nested, null, null)
                : ValueEnd(json, valueStart);
            properties.Add((name, valueStart, valueEnd));
            i = Skip(json, valueEnd);
            if (i < json.Length && json[i] == '}') return i + 1;
            i = Skip(json, Expect(json, i, (byte)','));
        }
    }

    /// <summary>Just past the JSON value that starts at <paramref name="start"/>.</summary>
    public static int ValueEnd(byte[] json, int start)
    {
        if (start >= json.Length) throw Malformed(start);
        switch (json[start])
        {
            case (byte)'"':
                return StringEnd(json, start);
            case not ((byte)'{' or (byte)'['):
                var end = json.AsSpan(start).IndexOfAny(ScalarEnds);
                return end > 0 ? start + end : end < 0 ? json.Length : throw Malformed(start);
        }
        var depth = 0;
        for (var i = start; ;)
        {
            var next = json.AsSpan(i).IndexOfAny(Brackets);
            if (next < 0) throw Malformed(i);
            i += next;
            switch (json[i])
            {
                case (byte)'"':
                    i = StringEnd(json, i);
                    continue;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                default:
                    if (--depth == 0) return i + 1;
                    break;
            }
            i++;
        }
    }

    // Just past the string whose opening quote is at quote; an escape skips the byte after the backslash.
    private static int StringEnd(byte[] json, int quote)
    {
        for (var i = quote + 1; ;)
        {
            var next = json.AsSpan(i).IndexOfAny(StringStops);
            if (next < 0) throw Malformed(quote);
            i += next;
            if (json[i] == '"') return i + 1;
            i += 2;
            if (i > json.Length) throw Malformed(quote);
        }
    }

    private static int Skip(byte[] json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i;
    }

    private static int Expect(byte[] json, int i, byte what) =>
        i < json.Length && json[i] == what ? i + 1 : throw Malformed(i);

    private static JsonException Malformed(int at) => new($"the bundle is not the JSON expected at byte {at}");
}
