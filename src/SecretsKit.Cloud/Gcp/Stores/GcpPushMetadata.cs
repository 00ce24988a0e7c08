using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Gcp.Stores;

/// <summary>
/// A gcpsm PushSecret entry's <c>metadata.spec</c> as ESO v2.9 reads it: <c>labels</c>, <c>annotations</c>,
/// <c>topics</c>, <c>mergePolicy</c> (<c>Replace</c>, the default, or <c>Merge</c>), <c>cmekKeyName</c>,
/// <c>replicationLocations</c> (or the deprecated single <c>replicationLocation</c>). Everything is checked against
/// Secret Manager's own rules before any request, so a refused entry writes nothing; <c>managed-by</c> may not be named.
/// </summary>
internal sealed partial record GcpPushMetadata(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> Topics,
    bool Merge,
    string? CmekKeyName,
    IReadOnlyList<string> ReplicationLocations)
{
    private const string Provider = GcpSecretManagerStore.ProviderName;
    private const int MaxLabels = 64;
    private const int MaxTopics = 10;
    private const int MaxAnnotationBytes = 16 * 1024;

    /// <summary>No metadata: ESO's zero spec (Replace with no labels, annotations or topics).</summary>
    public static readonly GcpPushMetadata None = new(new Dictionary<string, string>(), new Dictionary<string, string>(), [], false, null, []);

    /// <summary>The entry's metadata, checked; <see cref="None"/> without any.</summary>
    public static GcpPushMetadata Read(PushRef reference, bool regional)
    {
        var spec = PushMetadata.Spec(reference.Metadata, Provider,
            "annotations", "labels", "topics", "mergePolicy", "cmekKeyName", "replicationLocation", "replicationLocations");
        if (spec is null) return None;
        if (!string.IsNullOrEmpty(reference.Property))
        {
            throw new StoreConfigException($"{Provider}: cannot specify metadata and property at the same time");
        }
        var labels = PushMetadata.StringMap(spec, "labels", Provider);
        PushMetadata.RefuseOwnershipKey(labels, "labels", Provider);
        if (labels.Count >= MaxLabels) throw PushMetadata.Invalid(Provider, $"spec.labels has more than {MaxLabels - 1} labels (Secret Manager allows {MaxLabels}, one is managed-by)");
        foreach (var (key, value) in labels)
        {
            if (!Fits(key, 1) || !LabelKey().IsMatch(key)) throw PushMetadata.Invalid(Provider, $"spec.labels key \"{Clip(key)}\" is not a Secret Manager label key (a lowercase letter, then up to 62 lowercase letters, digits, '_' or '-')");
            if (!Fits(value, 0) || !LabelValue().IsMatch(value)) throw PushMetadata.Invalid(Provider, $"spec.labels.{Clip(key)} is not a Secret Manager label value (up to 63 lowercase letters, digits, '_' or '-')");
        }
        var annotations = PushMetadata.StringMap(spec, "annotations", Provider);
        foreach (var key in annotations.Keys)
        {
            if (!Fits(key, 1) || !AnnotationKey().IsMatch(key)) throw PushMetadata.Invalid(Provider, $"spec.annotations key \"{Clip(key)}\" is not a Secret Manager annotation key (1 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit)");
        }
        if (annotations.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value)) >= MaxAnnotationBytes)
        {
            throw PushMetadata.Invalid(Provider, $"spec.annotations total {MaxAnnotationBytes} bytes or more (Secret Manager's limit is under 16 KiB of keys and values)");
        }
        var topics = PushMetadata.StringList(spec, "topics", Provider);
        if (topics.Count > MaxTopics) throw PushMetadata.Invalid(Provider, $"spec.topics names more than {MaxTopics} topics");
        for (var i = 0; i < topics.Count; i++)
        {
            if (!Topic().IsMatch(topics[i])) throw PushMetadata.Invalid(Provider, $"spec.topics[{i}] is not a Pub/Sub topic name (projects/PROJECT/topics/TOPIC)");
        }
        var merge = PushMetadata.Text(spec, "mergePolicy", Provider) switch
        {
            null or "" or "Replace" => false,
            "Merge" => true,
            _ => throw PushMetadata.Invalid(Provider, "spec.mergePolicy must be Replace or Merge"),
        };
        var cmek = PushMetadata.Text(spec, "cmekKeyName", Provider) is { Length: > 0 } kms ? kms : null;
        if (cmek is not null && !CryptoKey().IsMatch(cmek))
        {
            throw PushMetadata.Invalid(Provider, "spec.cmekKeyName is not a Cloud KMS key name (projects/P/locations/L/keyRings/R/cryptoKeys/K)");
        }
        // ESO: replicationLocations wins over the deprecated replicationLocation
        var locations = PushMetadata.StringList(spec, "replicationLocations", Provider);
        if (locations.Count == 0 && PushMetadata.Text(spec, "replicationLocation", Provider) is { Length: > 0 } single) locations = [single];
        for (var i = 0; i < locations.Count; i++)
        {
            if (!Location().IsMatch(locations[i])) throw PushMetadata.Invalid(Provider, $"spec.replicationLocations[{i}] is not a location name (such as us-east1)");
        }
        if (locations.Distinct(StringComparer.Ordinal).Count() != locations.Count) throw PushMetadata.Invalid(Provider, "spec.replicationLocations names a location twice");
        if (regional && locations.Count > 0)
        {
            throw PushMetadata.Invalid(Provider, "spec.replicationLocations does not apply to a regional store (spec.provider.gcpsm.location): its secrets live in that location");
        }
        return new GcpPushMetadata(labels, annotations, topics, merge, cmek, locations);
    }

    /// <summary>
    /// The secret to create: the labels (with the ownership mark), annotations and topics, and for a global store the
    /// replication (user-managed in the given locations, or automatic) with the CMEK key; a regional secret takes the key itself.
    /// </summary>
    public GcpSecret NewSecret(bool regional)
    {
        var cmek = CmekKeyName is null ? null : new GcpCustomerManagedEncryption(CmekKeyName);
        GcpReplication? replication = null;
        if (!regional)
        {
            replication = ReplicationLocations.Count > 0
                ? new GcpReplication(null, new GcpUserManagedReplication([.. ReplicationLocations.Select(l => new GcpReplica(l, cmek))]))
                : new GcpReplication(new GcpAutomaticReplication(cmek));
        }
        return new GcpSecret(null, LabelsOver(null), replication)
        {
            Annotations = Annotations.Count == 0 ? null : new Dictionary<string, string>(Annotations, StringComparer.Ordinal),
            Topics = Topics.Count == 0 ? null : [.. Topics.Select(t => new GcpTopic(t))],
            CustomerManagedEncryption = regional ? cmek : null,
        };
    }

    /// <summary>
    /// ESO's labels on an update: the metadata's labels, with <c>Merge</c> the existing labels kept over them (ESO's
    /// rule: an existing label wins), and always <c>managed-by</c>.
    /// </summary>
    public Dictionary<string, string> LabelsOver(IReadOnlyDictionary<string, string>? existing)
    {
        var labels = new Dictionary<string, string>(Labels, StringComparer.Ordinal);
        if (Merge && existing is not null)
        {
            foreach (var (key, value) in existing) labels[key] = value;
        }
        labels[PushOwnership.Key] = PushOwnership.Value;
        return labels;
    }

    private static bool Fits(string text, int min) => text.Length >= min && text.Length <= 63 && Encoding.UTF8.GetByteCount(text) <= 128;

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";

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

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,62}\z")]
    private static partial Regex Location();
}
