using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Gcp.Keys;

/// <summary>
/// A Cloud KMS crypto key name: <c>projects/&lt;p&gt;/locations/&lt;l&gt;/keyRings/&lt;r&gt;/cryptoKeys/&lt;k&gt;</c>, checked
/// against sops' pattern wherever it comes from (flag, <c>.sops.yaml</c>, a file's metadata) and escaped segment by
/// segment in the request path, so a name never picks another path or query on the KMS host.
/// </summary>
internal static partial class GcpKmsResourceId
{
    [GeneratedRegex(@"^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$")]
    private static partial Regex Pattern();

    /// <summary>
    /// sops' pattern; and, since GCP names are letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, no <c>.</c>/<c>..</c>
    /// segment (an HTTP client would resolve it to another path) and none of <c>? # %</c>, <c>\</c>, space or control
    /// characters (a query, a fragment, an escape).
    /// </summary>
    public static bool IsValid(string resourceId) =>
        Pattern().IsMatch(resourceId) &&
        !resourceId.Split('/').Any(s => s is "." or "..") &&
        !resourceId.Any(c => c is '?' or '#' or '%' or '\\' || c <= ' ' || char.IsControl(c));

    /// <summary>The name, or a refusal that echoes at most 80 characters of it.</summary>
    public static string Validate(string resourceId) => IsValid(resourceId)
        ? resourceId
        : throw new SecretsKitException(ExitCodes.Generic,
            $"gcp_kms: '{Echo.Bounded(resourceId)}' is not a crypto key name (expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)");

    /// <summary>The request path of a valid name: each segment percent-escaped.</summary>
    public static string EscapedPath(string resourceId) =>
        string.Join('/', Validate(resourceId).Split('/').Select(Uri.EscapeDataString));
}
