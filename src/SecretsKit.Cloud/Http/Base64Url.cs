namespace SecretsKit.Cloud.Http;

/// <summary>URL-safe base64 without padding (Go's <c>base64.RawURLEncoding</c>), as Key Vault and sops' <c>azure_kv</c> use.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes with or without padding; throws <see cref="FormatException"/> on other input.</summary>
    public static byte[] Decode(string text)
    {
        var s = text.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
