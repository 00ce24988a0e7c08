using System.Text;

namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>
/// Encodes this server's few response header fields: <c>:status 200</c> from the static table, everything else as a
/// literal without indexing and without Huffman coding, so the peer's dynamic table is never touched (RFC 7541 6.2.2).
/// </summary>
internal static class HpackWriter
{
    public static byte[] Encode(IEnumerable<(string Name, string Value)> fields)
    {
        var block = new List<byte>(64);
        foreach (var (name, value) in fields)
        {
            if (name == ":status" && value == "200")
            {
                block.Add(0x88);
                continue;
            }
            block.Add(0x00);
            WriteString(block, name);
            WriteString(block, value);
        }
        return [.. block];
    }

    private static void WriteString(List<byte> block, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        WriteInteger(block, bytes.Length, 7, 0x00);
        block.AddRange(bytes);
    }

    private static void WriteInteger(List<byte> block, int value, int prefixBits, byte flags)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(flags | value));
            return;
        }
        block.Add((byte)(flags | max));
        value -= max;
        while (value >= 0x80)
        {
            block.Add((byte)(value % 0x80 + 0x80));
            value /= 0x80;
        }
        block.Add((byte)value);
    }
}
