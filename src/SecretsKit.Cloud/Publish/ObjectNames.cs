using System.Text;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Publish;

/// <summary>
/// Checks the bucket names and object keys that <c>publish</c> takes from <c>.sops.yaml</c> and file paths before any URL is
/// built from them: a bucket is a DNS-safe name (it can become part of a host name), an object key is at most 1024 UTF-8
/// bytes without control characters or <c>.</c>/<c>..</c> segments (which a URL would resolve into another path).
/// </summary>
internal static class ObjectNames
{
    /// <summary>S3's and GCS's common rules: 3-63 characters of lower-case letters, digits, <c>-</c>, <c>.</c> (and <c>_</c> for GCS), starting and ending with a letter or digit.</summary>
    public static string Bucket(string provider, string bucket, bool allowUnderscore)
    {
        var ok = bucket.Length is >= 3 and <= 63
            && bucket.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c is '-' or '.' || (allowUnderscore && c == '_'))
            && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1])
            && !bucket.Contains("..", StringComparison.Ordinal);
        return ok ? bucket : throw new SecretsKitException(ExitCodes.Generic,
            $"{provider}: '{Printable(bucket)}' is not a valid bucket name",
            "a bucket name is 3-63 lower-case letters, digits, hyphens and dots, starting and ending with a letter or digit");
    }

    public static string Key(string provider, string key)
    {
        var problem = key.Length == 0 ? "is empty"
            : Encoding.UTF8.GetByteCount(key) > 1024 ? "is longer than 1024 bytes"
            : key.Any(char.IsControl) ? "contains a control character"
            : key.Split('/').Any(s => s is "." or "..") ? "contains a '.' or '..' segment"
            : null;
        return problem is null ? key : throw new SecretsKitException(ExitCodes.Generic,
            $"{provider}: the object name '{Printable(key)}' {problem}", "check the destination rule's prefix and the file's path");
    }

    /// <summary>Each <c>/</c>-separated segment percent-encoded (RFC 3986 unreserved characters kept), for a URL path.</summary>
    public static string EscapePath(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    private static string Printable(string value) =>
        new(value.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
