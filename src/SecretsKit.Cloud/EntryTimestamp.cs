using System.Globalization;

namespace SecretsKit.Cloud;

/// <summary>The <c>created_at</c> value of a key entry: RFC 3339, UTC, whole seconds (Go's <c>time.RFC3339</c>).</summary>
internal static class EntryTimestamp
{
    public static string Now(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
