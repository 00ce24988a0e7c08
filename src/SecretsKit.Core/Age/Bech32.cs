namespace SecretsKit.Core.Age;

/// <summary>
/// BIP 173 Bech32 as age uses it: no 90-character limit, one case only, the data part converted 5→8 bits strictly.
/// Error messages never echo the input (it may be a secret key).
/// </summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    /// <summary>Encodes; the result is upper case when <paramref name="hrp"/> is.</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        var values = ConvertBits(data.ToArray(), 8, 5, pad: true)
            ?? throw new AgeException("bech32: cannot convert data");
        var lowerHrp = hrp.ToLowerInvariant();
        if (lowerHrp.Length == 0) throw new AgeException("bech32: empty human-readable part");
        foreach (var c in lowerHrp)
        {
            if (c < 33 || c > 126) throw new AgeException("bech32: invalid character in human-readable part");
        }
        var checksum = CreateChecksum(lowerHrp, values);
        var chars = new char[lowerHrp.Length + 1 + values.Length + checksum.Length];
        var n = 0;
        foreach (var c in lowerHrp) chars[n++] = c;
        chars[n++] = '1';
        foreach (var v in values) chars[n++] = Charset[v];
        foreach (var v in checksum) chars[n++] = Charset[v];
        var text = new string(chars);
#pragma warning disable CA1862 // a test whether hrp is all upper case, not a case-insensitive comparison
        return hrp == hrp.ToUpperInvariant() && hrp != lowerHrp ? text.ToUpperInvariant() : text;
#pragma warning restore CA1862
    }

    /// <summary>Decodes to the human-readable part (in the input's case, as age compares it) and the data bytes.</summary>
    public static (string Hrp, byte[] Data) Decode(string text)
    {
        var lower = text.ToLowerInvariant();
        var upper = text.ToUpperInvariant();
        if (text != lower && text != upper) throw new AgeException("bech32: mixed case");
        var pos = lower.LastIndexOf('1');
        if (pos < 1 || pos + 7 > lower.Length) throw new AgeException("bech32: separator '1' at invalid position");
        var hrp = text[..pos];
        foreach (var c in hrp)
        {
            if (c < 33 || c > 126) throw new AgeException("bech32: invalid character in human-readable part");
        }
        var values = new byte[lower.Length - pos - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var idx = Charset.IndexOf(lower[pos + 1 + i], StringComparison.Ordinal);
            if (idx < 0) throw new AgeException("bech32: invalid character in data part");
            values[i] = (byte)idx;
        }
        if (Polymod(HrpExpand(hrp.ToLowerInvariant()), values) != 1) throw new AgeException("bech32: invalid checksum");
        var data = ConvertBits(values.AsSpan(0, values.Length - 6).ToArray(), 5, 8, pad: false)
            ?? throw new AgeException("bech32: invalid data padding");
        return (hrp, data);
    }

    private static byte[] CreateChecksum(string hrp, byte[] values)
    {
        var padded = new byte[values.Length + 6];
        values.CopyTo(padded, 0);
        var mod = Polymod(HrpExpand(hrp), padded) ^ 1;
        var result = new byte[6];
        for (var i = 0; i < 6; i++) result[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        return result;
    }

    private static byte[] HrpExpand(string hrp)
    {
        var r = new byte[hrp.Length * 2 + 1];
        for (var i = 0; i < hrp.Length; i++)
        {
            r[i] = (byte)(hrp[i] >> 5);
            r[i + hrp.Length + 1] = (byte)(hrp[i] & 31);
        }
        return r;
    }

    private static uint Polymod(byte[] hrpExpanded, byte[] values)
    {
        uint chk = 1;
        void Step(byte v)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0) chk ^= Generator[i];
            }
        }
        foreach (var v in hrpExpanded) Step(v);
        foreach (var v in values) Step(v);
        return chk;
    }

    private static byte[]? ConvertBits(byte[] data, int fromBits, int toBits, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var maxv = (1 << toBits) - 1;
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        foreach (var value in data)
        {
            if (value >> fromBits != 0) return null;
            acc = (acc << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((acc >> bits) & maxv));
            }
        }
        if (pad)
        {
            if (bits > 0) result.Add((byte)((acc << (toBits - bits)) & maxv));
        }
        else if (bits >= fromBits || ((acc << (toBits - bits)) & maxv) != 0)
        {
            return null;
        }
        return result.ToArray();
    }
}
