using System.Text;
using SecretsKit.Go.Text;

namespace SecretsKit.Go.Pem;

/// <summary>A PEM block as Go's <c>encoding/pem</c> holds it: type, headers, DER bytes.</summary>
public sealed record GoPemBlock(string Type, IReadOnlyDictionary<string, string> Headers, byte[] Bytes)
{
    public GoPemBlock(string type, byte[] bytes) : this(type, new Dictionary<string, string>(StringComparer.Ordinal), bytes)
    {
    }
}

/// <summary>
/// Go's <c>pem.Decode</c> and <c>pem.Encode</c>, byte for byte: sprig's and ESO's PEM functions depend on which text Go
/// accepts (a BEGIN line anywhere after a newline, <c>Key: value</c> headers, a matching END line, a body that is
/// base64 after removing spaces and tabs) and on how it writes a block (64-character lines, a trailing newline).
/// </summary>
public static class GoPem
{
    private static readonly byte[] Start = "\n-----BEGIN "u8.ToArray();
    private static readonly byte[] End = "\n-----END "u8.ToArray();
    private static readonly byte[] Dashes = "-----"u8.ToArray();

    /// <summary>The first PEM block in <paramref name="data"/> and the bytes after it; no block: <c>(null, data)</c>.</summary>
    public static (GoPemBlock? Block, byte[] Remaining) Decode(byte[] data)
    {
        var pos = 0;
        while (true)
        {
            var span = data.AsSpan(pos);
            if (span.StartsWith(Start.AsSpan(1))) pos += Start.Length - 1;
            else if (span.IndexOf(Start) is var at and >= 0) pos += at + Start.Length;
            else return (null, data);

            var typeStart = pos;
            var typeEnd = Line(data, pos, out pos);
            if (!data.AsSpan(typeStart, typeEnd - typeStart).EndsWith(Dashes)) continue;
            var type = data.AsSpan(typeStart, typeEnd - typeStart - Dashes.Length).ToArray();
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            var truncated = false;
            while (true)
            {
                if (pos == data.Length)
                {
                    truncated = true;
                    break;
                }
                var lineEnd = Line(data, pos, out var following);
                var line = data.AsSpan(pos, lineEnd - pos);
                var colon = line.IndexOf((byte)':');
                if (colon < 0) break;
                headers[GoText(line[..colon].Trim(" \t\n\r\v\f"u8))] = GoText(line[(colon + 1)..].Trim(" \t\n\r\v\f"u8));
                pos = following;
            }
            if (truncated) return (null, data);

            var rest = data.AsSpan(pos);
            int endIndex, trailerIndex;
            if (headers.Count == 0 && rest.StartsWith(End.AsSpan(1)))
            {
                endIndex = 0;
                trailerIndex = End.Length - 1;
            }
            else
            {
                endIndex = rest.IndexOf(End);
                trailerIndex = endIndex + End.Length;
            }
            if (endIndex < 0) continue;
            var trailer = rest[trailerIndex..];
            var trailerLength = type.Length + Dashes.Length;
            if (trailer.Length < trailerLength) continue;
            var restOfEndLineAt = pos + trailerIndex + trailerLength;
            trailer = trailer[..trailerLength];
            if (!trailer.StartsWith(type) || !trailer.EndsWith(Dashes)) continue;
            if (Line(data, restOfEndLineAt, out _) != restOfEndLineAt) continue;
            if (!TryBase64(rest[..endIndex], out var bytes)) continue;
            Line(data, pos + endIndex + End.Length - 1, out var after);
            return (new GoPemBlock(GoText(type), headers, bytes), data[after..]);
        }
    }

    /// <summary>Every block <see cref="Decode"/> finds, in order, and what is left after the last one.</summary>
    public static (List<GoPemBlock> Blocks, byte[] Remaining) DecodeAll(byte[] data)
    {
        var blocks = new List<GoPemBlock>();
        while (true)
        {
            var (block, rest) = Decode(data);
            if (block is null) return (blocks, rest);
            blocks.Add(block);
            data = rest;
        }
    }

    /// <summary>Go's <c>pem.EncodeToMemory</c> as a Go string (PEM text is ASCII).</summary>
    public static string Encode(GoPemBlock block)
    {
        var sb = new StringBuilder("-----BEGIN ").Append(block.Type).Append("-----\n");
        if (block.Headers.Count > 0)
        {
            if (block.Headers.TryGetValue("Proc-Type", out var procType)) sb.Append("Proc-Type: ").Append(procType).Append('\n');
            foreach (var (k, v) in block.Headers.Where(h => h.Key != "Proc-Type").OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                sb.Append(k).Append(": ").Append(v).Append('\n');
            }
            sb.Append('\n');
        }
        var body = Convert.ToBase64String(block.Bytes);
        for (var i = 0; i < body.Length; i += 64) sb.Append(body, i, Math.Min(64, body.Length - i)).Append('\n');
        return sb.Append("-----END ").Append(block.Type).Append("-----\n").ToString();
    }

    public static string Encode(string type, byte[] der) => Encode(new GoPemBlock(type, der));

    /// <summary>
    /// Go's <c>getLine</c> from <paramref name="from"/>: returns where the line ends (a CR before the newline dropped,
    /// trailing spaces and tabs trimmed); <paramref name="next"/> is where the next line starts.
    /// </summary>
    private static int Line(byte[] data, int from, out int next)
    {
        var i = data.AsSpan(from).IndexOf((byte)'\n');
        int end;
        if (i < 0)
        {
            end = data.Length;
            next = end;
        }
        else
        {
            end = from + i;
            next = end + 1;
            if (i > 0 && data[end - 1] == '\r') end--;
        }
        while (end > from && data[end - 1] is (byte)' ' or (byte)'\t') end--;
        return end;
    }

    /// <summary>Go's <c>base64.StdEncoding.Decode</c> of a PEM body: padding required, CR and LF skipped, spaces and tabs removed first.</summary>
    private static bool TryBase64(ReadOnlySpan<byte> body, out byte[] bytes)
    {
        var chars = new StringBuilder(body.Length);
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            chars.Append((char)b);
        }
        bytes = [];
        if (chars.Length % 4 != 0) return false;
        try
        {
            bytes = Convert.FromBase64String(chars.ToString());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string GoText(ReadOnlySpan<byte> bytes) => GoString.FromBytes(bytes);
}
