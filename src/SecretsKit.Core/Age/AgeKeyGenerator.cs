using System.Globalization;

namespace SecretsKit.Core.Age;

/// <summary>Generates age identities (the <c>keygen</c> verb): X25519, or with <c>postQuantum</c> the ML-KEM-768 + X25519 hybrid.</summary>
public sealed class AgeKeyGenerator(TimeProvider time)
{
    public GeneratedAgeKey Generate(bool postQuantum = false)
    {
        string recipient, secret;
        if (postQuantum)
        {
            var identity = HybridIdentity.Generate();
            (recipient, secret) = (identity.Recipient.ToString(), identity.ToSecretString());
        }
        else
        {
            var identity = X25519Identity.Generate();
            (recipient, secret) = (identity.Recipient.ToString(), identity.ToSecretString());
        }
        var created = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = $"# created: {created}\n# public key: {recipient}\n{secret}\n";
        return new GeneratedAgeKey(recipient, secret, text);
    }

    /// <summary>The recipient of an <c>AGE-SECRET-KEY-1…</c> or <c>AGE-SECRET-KEY-PQ-1…</c> identity (like <c>age-keygen -y</c>).</summary>
    public static string RecipientOf(string secretKey)
    {
        var key = secretKey.Trim();
        return key.StartsWith(HybridIdentity.Prefix, StringComparison.Ordinal)
            ? HybridIdentity.Parse(key).Recipient.ToString()
            : X25519Identity.Parse(key).Recipient.ToString();
    }
}
