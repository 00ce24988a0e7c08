using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Aws.Keys;

/// <summary>The KMS encryption context: parsing sops' <c>--encryption-context k1:v1,k2:v2</c> syntax.</summary>
public static class KmsEncryptionContext
{
    /// <summary>
    /// Parses <c>k1:v1,k2:v2</c> as sops does (<c>kms.ParseKMSContext</c>): split on every comma, then each pair on every
    /// colon, and each pair must give exactly two parts (an empty key, <c>:v</c>, is accepted; <c>a:b:c</c>, an empty pair
    /// <c>a:1,,b:2</c> or a trailing comma are not). Nothing is trimmed. The empty string is no context (an empty map);
    /// anything else malformed throws with exit code 6.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }
        foreach (var pair in text.Split(','))
        {
            var parts = pair.Split(':');
            if (parts.Length != 2)
            {
                throw new SecretsKitException(ExitCodes.InvalidKmsEncryptionContextFormat,
                    $"Invalid KMS encryption context format: '{pair}' is not one key:value pair",
                    "use --encryption-context key1:value1,key2:value2 (no empty pairs, no trailing comma, one colon per pair)");
            }
            result[parts[0]] = parts[1];
        }
        return result;
    }
}
