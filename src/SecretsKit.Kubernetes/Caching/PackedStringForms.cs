using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes.Caching;

/// <summary>The shorter forms of strings in <see cref="PackedJson"/>, each taken only when it gives back exactly the same text.</summary>
internal static class PackedStringForms
{
    public readonly record struct Decoded(byte[] Bytes, bool IsBase64);

    /// <summary>A lowercase 8-4-4-4-12 UUID (what the API server writes in <c>metadata.uid</c>).</summary>
    public static bool TryUuid(string text, out Guid uuid)
    {
        uuid = default;
        if (text.Length != 36) return false;
        for (var i = 0; i < 36; i++)
        {
            var c = text[i];
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? c != '-' : !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        return Guid.TryParseExact(text, "D", out uuid);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> from 1970 on (Kubernetes' <c>metav1.Time</c>).</summary>
    public static bool TryTime(string text, out ulong seconds)
    {
        seconds = 0;
        if (text.Length != 20 || text[4] != '-' || text[10] != 'T' || text[19] != 'Z') return false;
        if (!KubeTime.TryParseExact(text, out var at)) return false;
        if (at < DateTimeOffset.UnixEpoch || Time((ulong)(at - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond) != text) return false;
        seconds = (ulong)(at - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
        return true;
    }

    public static string Time(ulong seconds) => KubeTime.Format(DateTimeOffset.UnixEpoch.AddSeconds(seconds));

    /// <summary>Decimal digits with no leading zero, up to 18 of them (a resourceVersion).</summary>
    public static bool TryDecimal(string text, out ulong number)
    {
        number = 0;
        if (text.Length is 0 or > 18 || (text[0] == '0' && text.Length > 1)) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            number = number * 10 + (ulong)(c - '0');
        }
        return true;
    }

    /// <summary>Lowercase hex of whole bytes, at least 8 characters (a hash).</summary>
    public static bool TryHex(string text, out Decoded decoded)
    {
        decoded = default;
        if (text.Length < 8 || text.Length % 2 != 0) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiHexDigitLower(c)) return false;
        }
        decoded = new Decoded(Convert.FromHexString(text), IsBase64: false);
        return true;
    }

    /// <summary>Canonical padded base64, at least 8 characters (a Secret's <c>data</c>).</summary>
    public static bool TryBase64(string text, out Decoded decoded)
    {
        decoded = default;
        if (text.Length < 8 || text.Length % 4 != 0) return false;
        var bytes = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, bytes, out var written)) return false;
        var exact = bytes.AsSpan(0, written).ToArray();
        CryptographicClear(bytes);
        if (Convert.ToBase64String(exact) != text)
        {
            CryptographicClear(exact);
            return false;
        }
        decoded = new Decoded(exact, IsBase64: true);
        return true;
    }

    private static void CryptographicClear(byte[] bytes) => System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
}
