using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Age;

/// <summary>
/// The age v1 header: version line, recipient stanzas (args on the <c>-&gt;</c> line, body as unpadded base64 in
/// 64-column lines ending with a shorter one) and the <c>---</c> line carrying HMAC-SHA256 over everything before it.
/// </summary>
internal sealed class AgeHeader
{
    public const string VersionLine = "age-encryption.org/v1";
    private const int ColumnsPerLine = 64;
    private const int MacSize = 32;

    private AgeHeader(IReadOnlyList<AgeStanza> stanzas, byte[] mac, byte[] macMessage, int length)
    {
        Stanzas = stanzas;
        Mac = mac;
        MacMessage = macMessage;
        Length = length;
    }

    public IReadOnlyList<AgeStanza> Stanzas { get; }

    /// <summary>The MAC as found in the file.</summary>
    public byte[] Mac { get; }

    /// <summary>The header bytes the MAC covers: from the version line through <c>---</c> (without the space).</summary>
    public byte[] MacMessage { get; }

    /// <summary>Byte length of the whole header including the MAC line; the payload starts here.</summary>
    public int Length { get; }

    /// <summary>Encodes the stanzas and appends the MAC computed with <paramref name="fileKey"/>.</summary>
    public static byte[] Encode(IReadOnlyList<AgeStanza> stanzas, byte[] fileKey)
    {
        var sb = new StringBuilder();
        sb.Append(VersionLine).Append('\n');
        foreach (var s in stanzas)
        {
            sb.Append("->");
            sb.Append(' ').Append(s.Type);
            foreach (var a in s.Arguments) sb.Append(' ').Append(a);
            sb.Append('\n');
            var body = AgePrimitives.EncodeRaw(s.Body);
            var i = 0;
            for (; body.Length - i >= ColumnsPerLine; i += ColumnsPerLine)
            {
                sb.Append(body, i, ColumnsPerLine).Append('\n');
            }
            sb.Append(body, i, body.Length - i).Append('\n');
        }
        sb.Append("---");
        var macMessage = Encoding.ASCII.GetBytes(sb.ToString());
        var mac = ComputeMac(fileKey, macMessage);
        sb.Append(' ').Append(AgePrimitives.EncodeRaw(mac)).Append('\n');
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static byte[] ComputeMac(byte[] fileKey, byte[] macMessage)
    {
        var key = AgePrimitives.Hkdf(fileKey, ReadOnlySpan<byte>.Empty, "header");
        return ManagedSha256.Hmac(key, macMessage);
    }

    /// <summary>True when the MAC in the file matches the one computed with <paramref name="fileKey"/> (constant time).</summary>
    public bool VerifyMac(byte[] fileKey) =>
        CryptographicOperations.FixedTimeEquals(ComputeMac(fileKey, MacMessage), Mac);

    public static AgeHeader Parse(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        var version = ReadLine(data, ref pos) ?? throw new AgeException("failed to read header: unexpected end of file");
        if (version != VersionLine)
        {
            throw new AgeException(version.StartsWith("age-encryption.org/", StringComparison.Ordinal)
                ? "failed to read header: unsupported age version"
                : "failed to read header: not an age file (no age-encryption.org/v1 line)");
        }
        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var lineStart = pos;
            var line = ReadLine(data, ref pos) ?? throw new AgeException("failed to read header: unexpected end of header");
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                var mac = AgePrimitives.DecodeRaw(line[4..]);
                if (mac.Length != MacSize) throw new AgeException("failed to read header: malformed MAC");
                return new AgeHeader(stanzas, mac, data[..(lineStart + 3)].ToArray(), pos);
            }
            if (!line.StartsWith("-> ", StringComparison.Ordinal))
            {
                throw new AgeException("failed to read header: malformed stanza opening line");
            }
            var args = line[3..].Split(' ');
            foreach (var a in args)
            {
                if (a.Length == 0 || a.Any(c => c < 33 || c > 126))
                {
                    throw new AgeException("failed to read header: malformed stanza argument");
                }
            }
            stanzas.Add(new AgeStanza(args[0], args[1..], ReadBody(data, ref pos)));
        }
    }

    private static byte[] ReadBody(ReadOnlySpan<byte> data, ref int pos)
    {
        var body = new StringBuilder();
        while (true)
        {
            var line = ReadLine(data, ref pos) ?? throw new AgeException("failed to read header: unexpected end of stanza body");
            if (line.Length > ColumnsPerLine) throw new AgeException("failed to read header: stanza body line too long");
            body.Append(line);
            if (line.Length < ColumnsPerLine) break;
        }
        return AgePrimitives.DecodeRaw(body.ToString());
    }

    /// <summary>Reads one LF-terminated ASCII line; null at end of data without a newline.</summary>
    private static string? ReadLine(ReadOnlySpan<byte> data, ref int pos)
    {
        var rest = data[pos..];
        var nl = rest.IndexOf((byte)'\n');
        if (nl < 0) return null;
        var line = rest[..nl];
        foreach (var b in line)
        {
            if (b < 32 || b > 126) throw new AgeException("failed to read header: non-printable character in header");
        }
        pos += nl + 1;
        return Encoding.ASCII.GetString(line);
    }
}
