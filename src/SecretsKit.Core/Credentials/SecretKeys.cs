namespace SecretsKit.Core.Credentials;

/// <summary>
/// Which keys name a secret and which values are no secret themselves, for every check that judges plaintext by its
/// key (<c>secretskit scan</c>'s file and value checks): a key ending in <c>password</c>, <c>token</c>, <c>api_key</c>,
/// <c>clientSecret</c>, … (compared lower-cased, letters and digits only: <c>api_key</c> → <c>apikey</c>), except one
/// naming an existing Secret (<c>existingSecret</c>); a value that is encrypted (<c>ENC[…]</c>), a template or a reference.
/// </summary>
public static class SecretKeys
{
    private static readonly string[] Suffixes =
    [
        "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "secretaccesskey", "credentials",
        "connectionstring",
    ];

    /// <summary>A key named like a secret.</summary>
    public static bool IsSecretName(string key)
    {
        var normalized = new string(key.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        return !normalized.StartsWith("existing", StringComparison.Ordinal) && Suffixes.Any(s => normalized.EndsWith(s, StringComparison.Ordinal));
    }

    /// <summary>Encrypted values, templates and references hold no secret themselves.</summary>
    public static bool IsReference(string text) =>
        Crypto.EncryptedValue.LooksEncrypted(text)
        || text.Contains("{{", StringComparison.Ordinal)
        || text.Contains("${", StringComparison.Ordinal)
        || text.StartsWith("ref+", StringComparison.Ordinal)
        || text.StartsWith("secretref+", StringComparison.Ordinal);
}
