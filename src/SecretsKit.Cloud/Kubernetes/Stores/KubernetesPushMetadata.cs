using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Cloud.Kubernetes.Stores;

/// <summary>
/// ESO's <c>kubernetes</c> PushSecretMetadata spec (<c>targetMergePolicy</c> Merge|Replace|Ignore, <c>sourceMergePolicy</c>
/// Merge|Replace, <c>labels</c>, <c>annotations</c>, <c>remoteNamespace</c>), read strictly by <see cref="PushMetadata"/>,
/// and ESO's merge of labels and annotations: the source Secret's with the metadata's over them (Merge) or the metadata's
/// alone (Replace); then those over the remote Secret's (Merge), instead of them (Replace), or the remote's kept (Ignore).
/// Without metadata: the source's merged over the remote's. Neither map may set the ownership label.
/// </summary>
internal sealed record KubernetesPushMetadata(
    string TargetMergePolicy, string SourceMergePolicy, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations,
    string? RemoteNamespace)
{
    private const string Owner = "kubernetes";

    public static KubernetesPushMetadata? Parse(JsonNode? metadata)
    {
        var spec = PushMetadata.Spec(metadata, Owner, "targetMergePolicy", "sourceMergePolicy", "labels", "annotations", "remoteNamespace");
        if (spec is null) return null;
        var target = PushMetadata.Text(spec, "targetMergePolicy", Owner) ?? "";
        if (target is not ("" or "Merge" or "Replace" or "Ignore"))
        {
            throw new StoreConfigException($"{Owner}: failed to merge target metadata: unexpected target merge policy \"{Clip(target)}\"");
        }
        var source = PushMetadata.Text(spec, "sourceMergePolicy", Owner) ?? "";
        if (source is not ("" or "Merge" or "Replace"))
        {
            throw new StoreConfigException($"{Owner}: failed to merge source metadata: unexpected source merge policy \"{Clip(source)}\"");
        }
        var labels = PushMetadata.StringMap(spec, "labels", Owner);
        var annotations = PushMetadata.StringMap(spec, "annotations", Owner);
        PushMetadata.RefuseOwnershipKey(labels, "labels", Owner);
        var ns = PushMetadata.Text(spec, "remoteNamespace", Owner) is { Length: > 0 } n ? n : null;
        if (ns is not null && !ObjectNames.IsDnsLabel(ns))
        {
            throw new StoreConfigException($"{Owner}: spec.remoteNamespace \"{Clip(ns)}\" is not a namespace name");
        }
        return new KubernetesPushMetadata(target, source, labels, annotations, ns);
    }

    /// <summary>The remote Secret's labels and annotations after a push, as ESO merges them (the ownership label is set afterwards).</summary>
    public static (Dictionary<string, string> Labels, Dictionary<string, string> Annotations) Merge(
        KubernetesPushMetadata? meta, PushSource? source, IReadOnlyDictionary<string, string> remoteLabels, IReadOnlyDictionary<string, string> remoteAnnotations) =>
        (Merge(meta, meta?.Labels, source?.Labels, remoteLabels), Merge(meta, meta?.Annotations, source?.Annotations, remoteAnnotations));

    private static Dictionary<string, string> Merge(KubernetesPushMetadata? meta, IReadOnlyDictionary<string, string>? pushed,
        IReadOnlyDictionary<string, string>? local, IReadOnlyDictionary<string, string> remote)
    {
        var sourced = meta?.SourceMergePolicy == "Replace"
            ? Copy(pushed)
            : Over(Copy(local), pushed);
        return meta?.TargetMergePolicy switch
        {
            "Replace" => sourced,
            "Ignore" => Copy(remote),
            _ => Over(Copy(remote), sourced),
        };
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? map) =>
        map is null ? new(StringComparer.Ordinal) : new(map, StringComparer.Ordinal);

    private static Dictionary<string, string> Over(Dictionary<string, string> into, IReadOnlyDictionary<string, string>? from)
    {
        foreach (var (key, value) in from ?? new Dictionary<string, string>()) into[key] = value;
        return into;
    }

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
