using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Aws.Kms;

/// <summary>The KMS encryption context: parsing sops' <c>--encryption-context k1:v1,k2:v2</c> syntax.</summary>
public static class KmsEncryptionContext
{
    /// <summary>Parses <c>k1:v1,k2:v2</c>; throws with exit code 6 on a malformed pair.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }
        foreach (var pair in text.Split(','))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || pair.IndexOf(':', colon + 1) >= 0)
            {
                throw new SecretsKitException(ExitCodes.InvalidKmsEncryptionContextFormat,
                    $"invalid KMS encryption context pair '{pair}': expected key:value",
                    "use --encryption-context key1:value1,key2:value2");
            }
            result[pair[..colon]] = pair[(colon + 1)..];
        }
        return result;
    }
}
