namespace SecretsKit.Deploy.UnitTest.Asserts;

/// <summary>Go's <c>base64.StdEncoding.DecodeString</c> as text, or null when the input is not standard padded base64.</summary>
internal static class Base64
{
    public static string? Decode(string s)
    {
        s = s.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        if (s.Length % 4 != 0) return null;
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
