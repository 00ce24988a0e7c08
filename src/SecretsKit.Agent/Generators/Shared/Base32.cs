namespace SecretsKit.Agent.Generators.Shared;

/// <summary>
/// RFC 4648 base32: decoding without padding, as Go's <c>base32.StdEncoding.WithPadding(NoPadding)</c> does, and
/// encoding with <c>=</c> padding to a multiple of 8 characters, as Go's <c>base32.StdEncoding</c> does.
/// </summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The bytes, or null for a character outside the alphabet or a length no encoding has (1, 3 or 6 mod 8).</summary>
    public static byte[]? Decode(string text)
    {
        if (text.Length % 8 is 1 or 3 or 6) return null;
        var output = new List<byte>(text.Length * 5 / 8);
        var buffer = 0;
        var bits = 0;
        foreach (var c in text)
        {
            var v = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0) return null;
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. output];
    }

    /// <summary>The text of <paramref name="bytes"/>, padded with <c>=</c> to a multiple of 8 characters.</summary>
    public static string EncodePadded(byte[] bytes)
    {
        var text = new System.Text.StringBuilder((bytes.Length + 4) / 5 * 8);
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Alphabet[(buffer >> bits) & 31]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        while (text.Length % 8 != 0) text.Append('=');
        return text.ToString();
    }
}
