using System.Text;

namespace SecretsKit.Deploy.Release;

/// <summary>Replaces known secret strings (and their base64 form) in text we print that came from helm.</summary>
public static class SecretRedactor
{
    public const string Marker = "REDACTED";

    public static string Redact(string text, IReadOnlyCollection<string> secrets)
    {
        if (text.Length == 0 || secrets.Count == 0) return text;
        foreach (var secret in secrets.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Marker, StringComparison.Ordinal)
                .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), Marker, StringComparison.Ordinal);
        }
        return text;
    }
}
