using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// Secret Manager's rules for a secret's metadata, as its REST reference states them: at most 64 labels, keys
/// <c>[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}</c> and values <c>[\p{Ll}\p{Lo}\p{N}_-]{0,63}</c> of at most 128 UTF-8
/// bytes; annotation keys of 1–63 characters beginning and ending alphanumeric (<c>-_.</c> inside), keys and values
/// under 16 KiB in all; up to 10 topics <c>projects/*/topics/*</c>; replication either automatic or user-managed with
/// distinct replica locations, a CMEK key <c>projects/*/locations/*/keyRings/*/cryptoKeys/*</c>.
/// </summary>
internal static partial class FakeGcpSecretRules
{
    /// <summary>Why these labels are refused, or null.</summary>
    public static string? Labels(JsonNode? node, out Dictionary<string, string> labels)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null) return null;
        if (node is not JsonObject map || map.Any(p => p.Value?.GetValueKind() != JsonValueKind.String)) return "labels must be a map of strings";
        foreach (var (k, v) in map) labels[k] = v!.GetValue<string>();
        if (labels.Count > 64) return "No more than 64 labels can be assigned to a given resource.";
        foreach (var (k, v) in labels)
        {
            if (Encoding.UTF8.GetByteCount(k) > 128 || !LabelKey().IsMatch(k)) return $"Invalid label key: {k}";
            if (Encoding.UTF8.GetByteCount(v) > 128 || !LabelValue().IsMatch(v)) return $"Invalid label value for key {k}";
        }
        return null;
    }

    /// <summary>Why these annotations are refused, or null.</summary>
    public static string? Annotations(JsonNode? node, out Dictionary<string, string> annotations)
    {
        annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null) return null;
        if (node is not JsonObject map || map.Any(p => p.Value?.GetValueKind() != JsonValueKind.String)) return "annotations must be a map of strings";
        foreach (var (k, v) in map) annotations[k] = v!.GetValue<string>();
        if (annotations.Keys.Any(k => Encoding.UTF8.GetByteCount(k) > 128 || !AnnotationKey().IsMatch(k))) return "Invalid annotation key.";
        return annotations.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value)) >= 16 * 1024
            ? "The total size of annotation keys and values must be less than 16KiB."
            : null;
    }

    /// <summary>Why these topics are refused, or null.</summary>
    public static string? Topics(JsonNode? node, out List<string> topics)
    {
        topics = [];
        if (node is null) return null;
        if (node is not JsonArray list) return "topics must be a list";
        foreach (var item in list)
        {
            if (item is not JsonObject t || t.Any(p => p.Key != "name") || t["name"]?.GetValueKind() != JsonValueKind.String || !Topic().IsMatch(t["name"]!.GetValue<string>()))
            {
                return "Invalid topic name; expected projects/*/topics/*.";
            }
            topics.Add(t["name"]!.GetValue<string>());
        }
        return topics.Count > 10 ? "A secret can have at most 10 topics." : null;
    }

    /// <summary>Why this replication is refused, or null.</summary>
    public static string? Replication(JsonObject replication)
    {
        var automatic = replication["automatic"] as JsonObject;
        var user = replication["userManaged"] as JsonObject;
        if (replication.Any(p => p.Key is not ("automatic" or "userManaged")) || (automatic is null) == (user is null)) return "Exactly one of replication.automatic or replication.userManaged is required.";
        if (automatic is not null) return automatic.Any(p => p.Key != "customerManagedEncryption") ? "Unknown replication.automatic field." : Cmek(automatic["customerManagedEncryption"]);
        if (user is null || user.Any(p => p.Key != "replicas") || user["replicas"] is not JsonArray { Count: > 0 } replicas) return "replication.userManaged.replicas is required.";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var replica in replicas)
        {
            if (replica is not JsonObject r || r.Any(p => p.Key is not ("location" or "customerManagedEncryption"))
                || r["location"]?.GetValueKind() != JsonValueKind.String || !seen.Add(r["location"]!.GetValue<string>()))
            {
                return "Each replica needs a distinct location.";
            }
            if (Cmek(r["customerManagedEncryption"]) is { } why) return why;
        }
        return null;
    }

    /// <summary>Why this <c>customerManagedEncryption</c> is refused, or null (also when absent).</summary>
    public static string? Cmek(JsonNode? node) =>
        node is null ? null
        : node is JsonObject c && c.All(p => p.Key == "kmsKeyName") && c["kmsKeyName"]?.GetValueKind() == JsonValueKind.String && CryptoKey().IsMatch(c["kmsKeyName"]!.GetValue<string>())
            ? null
            : "Invalid customerManagedEncryption.kmsKeyName.";

    [GeneratedRegex(@"^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}\z")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^[\p{Ll}\p{Lo}\p{N}_-]{0,63}\z")]
    private static partial Regex LabelValue();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?\z")]
    private static partial Regex AnnotationKey();

    [GeneratedRegex(@"^projects/[^/]+/topics/[^/]+\z")]
    private static partial Regex Topic();

    [GeneratedRegex(@"^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+\z")]
    private static partial Regex CryptoKey();
}
