using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores;

/// <summary>
/// How ESO brings a pushed AWS resource's tags to a PushSecret's metadata (Secrets Manager and Parameter Store alike):
/// the keys to remove are those the resource has and the metadata does not name; the whole desired set is sent again
/// when a tag other than the ownership marker is new or changed.
/// </summary>
internal static class AwsPushTags
{
    /// <summary>The current tag keys the desired set lacks, in ordinal order.</summary>
    public static List<string> Removed(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> desired) =>
        [.. current.Keys.Where(k => !desired.ContainsKey(k)).Order(StringComparer.Ordinal)];

    /// <summary>Whether a desired tag other than <see cref="PushOwnership.Key"/> is missing or different.</summary>
    public static bool Changed(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> desired) =>
        desired.Any(t => t.Key != PushOwnership.Key && (!current.TryGetValue(t.Key, out var v) || v != t.Value));

    /// <summary>The desired tags in ordinal key order.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Ordered(IReadOnlyDictionary<string, string> desired) =>
        desired.OrderBy(t => t.Key, StringComparer.Ordinal);
}
