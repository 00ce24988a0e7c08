using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Model;

/// <summary>Typed view of an ExternalSecret (<c>external-secrets.io/v1</c>).</summary>
internal sealed record ExternalSecretResource(
    string Name,
    string Namespace,
    string Uid,
    long Generation,
    StoreRef? Store,
    TimeSpan RefreshInterval,
    RefreshPolicyKind RefreshPolicy,
    TargetSpec Target,
    IReadOnlyList<DataEntry> Data,
    IReadOnlyList<DataFromEntry> DataFrom,
    string? ForceSync,
    JsonObject Raw)
{
    public const string ForceSyncAnnotation = "force-sync";

    public string Key => $"{Namespace}/{Name}";

    /// <summary>Every store this ExternalSecret reads from (<c>secretStoreRef</c> and each <c>sourceRef.storeRef</c>), once.</summary>
    public IReadOnlyList<StoreRef> StoreRefs =>
        [.. new[] { Store }.Concat(Data.Select(d => d.SourceStore)).Concat(DataFrom.Select(d => d.SourceStore)).OfType<StoreRef>().Distinct()];

    /// <summary><c>spec.syncWindows</c>: when periodic refreshes may run (null = any time).</summary>
    public SyncWindows? SyncWindows { get; init; }

    /// <summary>A part of the spec with the wrong shape, read as its default; the reconcile reports it instead of syncing.</summary>
    public SpecProblem? Problem { get; init; }

    /// <summary>Never throws: a malformed part becomes <see cref="Problem"/> (see <see cref="SpecReader"/>).</summary>
    public static ExternalSecretResource Parse(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var name = obj.GetName() ?? "";
        var reader = new SpecReader(obj);
        reader.Expect(spec, "spec", ("refreshInterval", JsonValueKind.String), ("refreshPolicy", JsonValueKind.String), ("secretStoreRef", JsonValueKind.Object),
            ("target", JsonValueKind.Object), ("data", JsonValueKind.Array), ("dataFrom", JsonValueKind.Array));
        if (spec["target"] is JsonObject targetObj)
        {
            reader.Expect(targetObj, "spec.target", ("name", JsonValueKind.String), ("creationPolicy", JsonValueKind.String), ("deletionPolicy", JsonValueKind.String),
                ("template", JsonValueKind.Object));
        }
        var store = StoreRef.Parse(spec["secretStoreRef"]);
        var data = Json.Objects(spec["data"]).Select((d, i) => reader.Read($"spec.data[{i}]", () => new DataEntry(
            Json.Str(d["secretKey"]) ?? "",
            RemoteRef.Parse(d["remoteRef"] as JsonObject ?? new JsonObject()),
            StoreRef.Parse(d["sourceRef"]?["storeRef"]), GeneratorRef.Parse(d["sourceRef"]?["generatorRef"])), null)).OfType<DataEntry>().ToList();
        var dataFrom = Json.Objects(spec["dataFrom"]).Select((d, i) => reader.Read($"spec.dataFrom[{i}]", () => ParseDataFrom(d), null)).OfType<DataFromEntry>().ToList();
        var windows = reader.Read("spec.syncWindows", () => SyncWindows.Parse(spec["syncWindows"], reader), null);
        var target = reader.Read("spec.target", () => TargetSpec.Parse(spec["target"] as JsonObject, name), TargetSpec.Parse(null, name));
        return new ExternalSecretResource(name, obj.GetNamespace() ?? "default", obj.GetUid() ?? "", obj.GetGeneration(), store,
            RefreshIntervals.Parse(Json.Str(spec["refreshInterval"])),
            Enum.TryParse<RefreshPolicyKind>(Json.Str(spec["refreshPolicy"]), out var p) ? p : RefreshPolicyKind.Periodic,
            target, data, dataFrom, obj.GetAnnotation(ForceSyncAnnotation), obj) { Problem = reader.Problem, SyncWindows = windows };
    }

    private static DataFromEntry ParseDataFrom(JsonObject d)
    {
        var rewrites = Json.Objects(d["rewrite"]).Select(Rewrite.Parse).OfType<Rewrite>().ToList();
        FindSpec? find = d["find"] is JsonObject f
            ? new FindSpec(Json.Str(f["name"]?["regexp"]), f["tags"] is JsonObject ? Json.Map(f["tags"]) : null, Json.Str(f["path"]),
                Json.Str(f["decodingStrategy"]) ?? "None", Json.Str(f["conversionStrategy"]) ?? "Default", Json.Str(f["nullBytePolicy"]) ?? "Ignore")
            : null;
        return new DataFromEntry(d["extract"] is JsonObject e ? RemoteRef.Parse(e) : null, find, rewrites, StoreRef.Parse(d["sourceRef"]?["storeRef"]),
            GeneratorRef.Parse(d["sourceRef"]?["generatorRef"]));
    }
}
