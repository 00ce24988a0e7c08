using System.Text.RegularExpressions;

namespace SecretsKit.Cloud.Gcp;

/// <summary>A Cloud KMS crypto key name: <c>projects/&lt;p&gt;/locations/&lt;l&gt;/keyRings/&lt;r&gt;/cryptoKeys/&lt;k&gt;</c>.</summary>
internal static partial class GcpKmsResourceId
{
    [GeneratedRegex(@"^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$")]
    private static partial Regex Pattern();

    public static bool IsValid(string resourceId) => Pattern().IsMatch(resourceId);
}
