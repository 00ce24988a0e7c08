using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Resources;

/// <summary>Typed view of a PushSecret (<c>external-secrets.io/v1alpha1</c>): which Secret's keys go to which stores, how.</summary>
internal sealed record PushSecretResource(
    string Namespace,
    string Name,
    string Uid,
    long Generation,
    TimeSpan RefreshInterval,
    IReadOnlyList<PushStoreRef> Stores,
    string SecretName,
    bool IfNotExists,
    bool DeleteRemote,
    IReadOnlyList<PushEntry> Data,
    JsonObject Raw)
{
    public const string Finalizer = "pushsecret.externalsecrets.io/finalizer";

    public string Key => $"{Namespace}/{Name}";

    private static readonly string[] SpecFields = ["refreshInterval", "secretStoreRefs", "selector", "updatePolicy", "deletionPolicy", "data"];

    /// <summary>The first spec field the agent does not implement (<c>template</c>, <c>selector.generatorRef</c>, …), or null.</summary>
    public string? FirstUnsupported()
    {
        var spec = Raw["spec"] as JsonObject ?? new JsonObject();
        if (spec.FirstOrDefault(kv => !SpecFields.Contains(kv.Key)).Key is { } extra) return "spec." + extra;
        if ((spec["selector"] as JsonObject)?.FirstOrDefault(kv => kv.Key != "secret").Key is { } selector) return "spec.selector." + selector;
        if (((spec["selector"] as JsonObject)?["secret"] as JsonObject)?.ContainsKey("selector") == true) return "spec.selector.secret.selector";
        var stores = Json.Objects(spec["secretStoreRefs"]).ToList();
        for (var i = 0; i < stores.Count; i++)
        {
            if ((stores[i]["labelSelector"] as JsonObject)?.FirstOrDefault(kv => kv.Key != "matchLabels").Key is { } field) return $"spec.secretStoreRefs[{i}].labelSelector.{field}";
        }
        var entries = Json.Objects(spec["data"]).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            // conversionStrategy None is ESO's default (a real API server fills it in), so it is the implemented value.
            if (entries[i].FirstOrDefault(kv => kv.Key != "match" && !(kv.Key == "conversionStrategy" && Json.Str(kv.Value) == "None")).Key is { } field) return $"spec.data[{i}].{field}";
        }
        return null;
    }

    /// <summary>A part of the spec with the wrong shape, read as its default; the reconcile reports it instead of pushing.</summary>
    public SpecProblem? Problem { get; init; }

    /// <summary>Never throws: a malformed part becomes <see cref="Problem"/> (see <see cref="SpecReader"/>).</summary>
    public static PushSecretResource Parse(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var reader = new SpecReader(obj);
        reader.Expect(spec, "spec", ("refreshInterval", JsonValueKind.String), ("secretStoreRefs", JsonValueKind.Array), ("selector", JsonValueKind.Object),
            ("updatePolicy", JsonValueKind.String), ("deletionPolicy", JsonValueKind.String), ("data", JsonValueKind.Array));
        var stores = Json.Objects(spec["secretStoreRefs"]).Select((r, i) => reader.Read($"spec.secretStoreRefs[{i}]", () => new PushStoreRef(
            Json.Str(r["name"]),
            Json.Str(r["kind"]) == "ClusterSecretStore" ? StoreKind.ClusterSecretStore : StoreKind.SecretStore,
            r["labelSelector"]?["matchLabels"] is JsonObject labels ? Json.Map(labels) : null), null)).OfType<PushStoreRef>().ToList();
        var data = Json.Objects(spec["data"]).Select(d => d["match"] as JsonObject ?? new JsonObject()).Select((m, i) => reader.Read($"spec.data[{i}].match", () => new PushEntry(
            Json.Str(m["secretKey"]),
            Json.Str(m["remoteRef"]?["remoteKey"]) ?? "",
            Json.Str(m["remoteRef"]?["property"]) is { Length: > 0 } p ? p : null), null)).OfType<PushEntry>().ToList();
        var secretName = reader.Read("spec.selector", () => Json.Str((spec["selector"] as JsonObject)?["secret"]?["name"]), null);
        return new PushSecretResource(obj.GetNamespace() ?? "default", obj.GetName() ?? "", obj.GetUid() ?? "", obj.GetGeneration(),
            GoDuration.ParseInterval(Json.Str(spec["refreshInterval"])),
            stores, secretName ?? "",
            Json.Str(spec["updatePolicy"]) == "IfNotExists", Json.Str(spec["deletionPolicy"]) == "Delete", data, obj) { Problem = reader.Problem };
    }
}
