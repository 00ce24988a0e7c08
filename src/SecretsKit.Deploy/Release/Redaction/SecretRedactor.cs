using System.Text;

namespace SecretsKit.Deploy.Release.Redaction;

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

    /// <summary>
    /// <see cref="Redact"/> for one line of output read as it comes: a secret that spans lines never appears whole in one,
    /// so each of its lines (of 4 characters or more) is redacted too.
    /// </summary>
    public static string RedactLine(string line, IReadOnlyCollection<string> secrets)
    {
        line = Redact(line, secrets);
        foreach (var secret in secrets.Where(s => s.Contains('\n', StringComparison.Ordinal)))
        {
            line = Redact(line, secret.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length >= 4).ToList());
        }
        return line;
    }
}
