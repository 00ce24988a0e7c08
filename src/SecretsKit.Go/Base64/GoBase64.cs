namespace SecretsKit.Go.Base64;

/// <summary>
/// Go's <c>encoding/base64</c> and <c>encoding/base32</c> <c>StdEncoding.DecodeString</c>: padding required, <c>\r</c> and
/// <c>\n</c> ignored, and Go's <c>illegal base64 data at input byte N</c> offsets on bad input.
/// </summary>
public static class GoBase64
{
    private const string Alphabet64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string Alphabet32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The decoded bytes, or Go's error text.</summary>
    public static (byte[] Bytes, string? Error) Decode64(byte[] src)
    {
        var dst = new List<byte>(src.Length * 3 / 4);
        var si = 0;
        while (true)
        {
            var dbuf = new int[4];
            var dlen = 4;
            var j = 0;
            string? err = null;
            for (; j < 4; j++)
            {
                if (si == src.Length)
                {
                    if (j == 0) return (dst.ToArray(), null);
                    return (dst.ToArray(), Illegal64(si - j));
                }
                var ch = src[si++];
                var v = ch < 128 ? Alphabet64.IndexOf((char)ch, StringComparison.Ordinal) : -1;
                if (v >= 0)
                {
                    dbuf[j] = v;
                    continue;
                }
                if (ch is (byte)'\n' or (byte)'\r')
                {
                    j--;
                    continue;
                }
                if (ch != '=') return (dst.ToArray(), Illegal64(si - 1));
                switch (j)
                {
                    case 0 or 1:
                        return (dst.ToArray(), Illegal64(si - 1));
                    case 2:
                        while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                        if (si == src.Length) return (dst.ToArray(), Illegal64(src.Length));
                        if (src[si] != '=') return (dst.ToArray(), Illegal64(si - 1));
                        si++;
                        break;
                }
                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                if (si < src.Length) err = Illegal64(si);
                dlen = j;
                break;
            }
            var val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
            if (dlen >= 2) dst.Add((byte)(val >> 16));
            if (dlen >= 3) dst.Add((byte)(val >> 8));
            if (dlen == 4) dst.Add((byte)val);
            if (err is not null) return (dst.ToArray(), err);
            if (dlen < 4) return (dst.ToArray(), null);
        }
    }

    private static string Illegal64(int at) => $"illegal base64 data at input byte {at}";

    public static string Encode32(byte[] data)
    {
        var sb = new System.Text.StringBuilder((data.Length + 4) / 5 * 8);
        for (var i = 0; i < data.Length; i += 5)
        {
            var n = Math.Min(5, data.Length - i);
            ulong block = 0;
            for (var k = 0; k < 5; k++) block = (block << 8) | (k < n ? data[i + k] : 0u);
            var chars = (n * 8 + 4) / 5;
            for (var k = 0; k < 8; k++) sb.Append(k < chars ? Alphabet32[(int)((block >> (35 - (k * 5))) & 31)] : '=');
        }
        return sb.ToString();
    }

    /// <summary>Go's base32 <c>DecodeString</c> (newlines removed first).</summary>
    public static (byte[] Bytes, string? Error) Decode32(byte[] input)
    {
        var src = input.Where(b => b is not ((byte)'\n' or (byte)'\r')).ToArray();
        var olen = src.Length;
        var dst = new List<byte>();
        var pos = 0;
        var end = false;
        while (pos < src.Length && !end)
        {
            var dbuf = new int[8];
            var dlen = 8;
            for (var j = 0; j < 8;)
            {
                if (pos == src.Length) return (dst.ToArray(), Illegal32(olen - (src.Length - pos) - j));
                var ch = src[pos++];
                var remaining = src.Length - pos;
                if (ch == '=' && j >= 2 && remaining < 8)
                {
                    if (remaining + j < 8 - 1) return (dst.ToArray(), Illegal32(olen));
                    for (var k = 0; k < 8 - 1 - j; k++)
                    {
                        if (remaining > k && src[pos + k] != '=') return (dst.ToArray(), Illegal32(olen - remaining + k - 1));
                    }
                    dlen = j;
                    end = true;
                    if (dlen is 1 or 3 or 6) return (dst.ToArray(), Illegal32(olen - remaining - 1));
                    break;
                }
                var v = ch < 128 ? Alphabet32.IndexOf((char)ch, StringComparison.Ordinal) : -1;
                if (v < 0) return (dst.ToArray(), Illegal32(olen - remaining - 1));
                dbuf[j++] = v;
            }
            ulong block = 0;
            for (var k = 0; k < 8; k++) block = (block << 5) | (uint)dbuf[k];
            var bytes = dlen switch { 8 => 5, 7 => 4, 5 => 3, 4 => 2, 2 => 1, _ => 0 };
            for (var k = 0; k < bytes; k++) dst.Add((byte)(block >> (32 - (k * 8))));
        }
        return (dst.ToArray(), null);
    }

    private static string Illegal32(int at) => $"illegal base32 data at input byte {at}";
}
