namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>
/// Go's <c>base64.StdEncoding.DecodeString</c>, including where it fails: padding required, CR and LF skipped, and the
/// error <c>illegal base64 data at input byte N</c> at the byte Go reports (sprig's and ESO's functions print it).
/// </summary>
internal static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static byte[] DecodeStd(string s) =>
        TryDecodeStd(CryptoFunctions.Bytes(s), out var bytes, out var at) ? bytes
            : throw new TemplateFunctionException($"illegal base64 data at input byte {at}");

    public static bool TryDecodeStd(byte[] src, out byte[] result, out int errorAt)
    {
        var output = new List<byte>(src.Length / 4 * 3);
        var si = 0;
        errorAt = -1;
        result = [];
        while (si < src.Length)
        {
            var quantum = new int[4];
            var length = 4;
            var j = 0;
            for (; j < 4; j++)
            {
                if (si == src.Length)
                {
                    if (j == 0) break;
                    errorAt = si - j;
                    return false;
                }
                var b = src[si++];
                var value = b < 128 ? Alphabet.IndexOf((char)b, StringComparison.Ordinal) : -1;
                if (value >= 0)
                {
                    quantum[j] = value;
                    continue;
                }
                if (b is (byte)'\n' or (byte)'\r')
                {
                    j--;
                    continue;
                }
                if (b != '=' || j < 2)
                {
                    errorAt = si - 1;
                    return false;
                }
                if (j == 2)
                {
                    while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                    if (si == src.Length)
                    {
                        errorAt = src.Length;
                        return false;
                    }
                    if (src[si] != '=')
                    {
                        errorAt = si - 1;
                        return false;
                    }
                    si++;
                }
                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r') si++;
                if (si < src.Length)
                {
                    errorAt = si;
                    return false;
                }
                length = j;
                break;
            }
            if (j == 0) break;
            var bits = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
            output.Add((byte)(bits >> 16));
            if (length > 2) output.Add((byte)(bits >> 8));
            if (length > 3) output.Add((byte)bits);
        }
        result = [.. output];
        return true;
    }
}
