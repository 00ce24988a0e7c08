using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>The ASCII armor of age files: PEM-like, standard padded base64 in 64-column lines.</summary>
internal static class AgeArmor
{
    public const string Header = "-----BEGIN AGE ENCRYPTED FILE-----";
    public const string Footer = "-----END AGE ENCRYPTED FILE-----";
    private const int Columns = 64;

    /// <summary>Armors exactly as age's <c>armor.Writer</c> does (and so as sops stores <c>enc</c>): trailing newline included.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var b64 = Convert.ToBase64String(data);
        var sb = new StringBuilder(Header.Length + Footer.Length + b64.Length + b64.Length / Columns + 4);
        sb.Append(Header).Append('\n');
        for (var i = 0; i < b64.Length; i += Columns)
        {
            sb.Append(b64, i, Math.Min(Columns, b64.Length - i)).Append('\n');
        }
        sb.Append(Footer).Append('\n');
        return sb.ToString();
    }

    /// <summary>True when the data (after leading whitespace) starts with the armor header.</summary>
    public static bool IsArmored(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && IsSpace(data[i])) i++;
        return data[i..].StartsWith(Encoding.ASCII.GetBytes(Header));
    }

    /// <summary>Removes the armor. Leading and trailing whitespace and CRLF line ends are tolerated; anything else is an error.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> data)
    {
        var text = Encoding.ASCII.GetString(data).Replace("\r\n", "\n", StringComparison.Ordinal);
        text = text.TrimStart(' ', '\t', '\n', '\r');
        if (!text.StartsWith(Header + "\n", StringComparison.Ordinal))
        {
            throw new AgeException("armor: invalid header line");
        }
        var lines = text[(Header.Length + 1)..].Split('\n');
        var b64 = new StringBuilder();
        var ended = false;
        var lastWasShort = false;
        int i;
        for (i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line == Footer)
            {
                ended = true;
                break;
            }
            if (line.Length == 0 && i == lines.Length - 1) break;
            if (lastWasShort) throw new AgeException("armor: base64 line shorter than 64 columns before the end");
            if (line.Length > Columns || line.Length == 0) throw new AgeException("armor: invalid base64 line length");
            lastWasShort = line.Length < Columns;
            b64.Append(line);
        }
        if (!ended) throw new AgeException("armor: missing footer line");
        for (i++; i < lines.Length; i++)
        {
            if (lines[i].Trim(' ', '\t', '\r').Length != 0) throw new AgeException("armor: trailing data after footer");
        }
        var encoded = b64.ToString();
        if (encoded.Length % 4 != 0) throw new AgeException("armor: invalid base64 length");
        try
        {
            var bytes = Convert.FromBase64String(encoded);
            if (Convert.ToBase64String(bytes) != encoded) throw new AgeException("armor: non-canonical base64");
            return bytes;
        }
        catch (FormatException e)
        {
            throw new AgeException("armor: invalid base64", inner: e);
        }
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
