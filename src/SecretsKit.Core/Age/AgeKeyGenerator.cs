using System.Globalization;

namespace SecretsKit.Core.Age;

/// <summary>Generates X25519 identities (the <c>keygen</c> verb).</summary>
public sealed class AgeKeyGenerator(TimeProvider time)
{
    public GeneratedAgeKey Generate()
    {
        var identity = X25519Identity.Generate();
        var recipient = identity.Recipient.ToString();
        var secret = identity.ToSecretString();
        var created = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = $"# created: {created}\n# public key: {recipient}\n{secret}\n";
        return new GeneratedAgeKey(recipient, secret, text);
    }

    /// <summary>The recipient of an <c>AGE-SECRET-KEY-1…</c> identity (like <c>age-keygen -y</c>).</summary>
    public static string RecipientOf(string secretKey) => X25519Identity.Parse(secretKey.Trim()).Recipient.ToString();
}
