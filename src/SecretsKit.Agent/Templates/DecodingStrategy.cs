using System.Text;
using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Templates;

/// <summary>ESO's <c>decodingStrategy</c> of a value: None, Base64, Base64URL, Auto (try base64, base64url, else keep).</summary>
internal static class DecodingStrategy
{
    public static byte[] Decode(byte[] value, string strategy, string key)
    {
        switch (strategy)
        {
            case "None":
                return value;
            case "Base64":
            case "Base64URL":
                return TryDecode(value, strategy == "Base64URL")
                    ?? throw new ReconcileException(Messages.SecretSyncedError, $"value of '{key}' is not valid {strategy} (decodingStrategy)");
            case "Auto":
                return TryDecode(value, false) ?? TryDecode(value, true) ?? value;
            default:
                throw new ReconcileException(Messages.SecretSyncedError, $"unknown decodingStrategy '{strategy}' for '{key}'");
        }
    }

    private static byte[]? TryDecode(byte[] value, bool url)
    {
        var text = Encoding.ASCII.GetString(value).Trim();
        if (url) text = text.Replace('-', '+').Replace('_', '/');
        if (url && text.Length % 4 != 0) text = text.PadRight(text.Length + (4 - text.Length % 4), '=');
        if (!url && text.Contains('-', StringComparison.Ordinal)) return null;
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
