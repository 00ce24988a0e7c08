using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes;

/// <summary>Typed access to the <c>metadata</c> of a resource held as a <see cref="JsonObject"/>.</summary>
public static class KubeObjectMetadata
{
    /// <summary>Creates an empty object of a type, with apiVersion, kind, name and (if given) namespace set.</summary>
    public static JsonObject New(ResourceType type, string name, string? ns = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null) meta["namespace"] = ns;
        return new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = meta };
    }

    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m) return m;
        m = new JsonObject();
        obj["metadata"] = m;
        return m;
    }

    public static string? GetName(this JsonObject obj) => Str(obj["metadata"]?["name"]);

    public static void SetName(this JsonObject obj, string name) => obj.Metadata()["name"] = name;

    /// <summary>
    /// The object's namespace, interned: a controller keys its maps by namespace and name, and without interning the agent
    /// held 24,000 copies of one namespace's name at 10,000 ExternalSecrets (0.74 MB, heap census after the first sync).
    /// Namespaces are few and made by administrators, so the intern table stays small.
    /// </summary>
    public static string? GetNamespace(this JsonObject obj) => Str(obj["metadata"]?["namespace"]) is { } ns ? string.Intern(ns) : null;

    public static void SetNamespace(this JsonObject obj, string? ns) => SetOrRemove(obj.Metadata(), "namespace", ns);

    public static string? GetApiVersion(this JsonObject obj) => Str(obj["apiVersion"]);

    public static string? GetKind(this JsonObject obj) => Str(obj["kind"]);

    public static string? GetResourceVersion(this JsonObject obj) => Str(obj["metadata"]?["resourceVersion"]);

    public static void SetResourceVersion(this JsonObject obj, string? resourceVersion) => SetOrRemove(obj.Metadata(), "resourceVersion", resourceVersion);

    public static string? GetUid(this JsonObject obj) => Str(obj["metadata"]?["uid"]);

    /// <summary>
    /// Why the client could not read this object whole (a part nested too deep, see <c>KubeJsonReader</c>), or null: such an
    /// object holds only its shallow parts and must be reported, never acted on.
    /// </summary>
    public static string? GetUnreadableReason(this JsonObject obj) => Str(obj[Http.KubeJsonReader.UnreadableProperty]);

    public static long GetGeneration(this JsonObject obj) =>
        obj["metadata"]?["generation"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? long.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : 0;

    public static DateTimeOffset? GetCreationTimestamp(this JsonObject obj) => Time(obj["metadata"]?["creationTimestamp"]);

    public static DateTimeOffset? GetDeletionTimestamp(this JsonObject obj) => Time(obj["metadata"]?["deletionTimestamp"]);

    public static bool IsBeingDeleted(this JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static IReadOnlyDictionary<string, string> GetLabels(this JsonObject obj) => Map(obj["metadata"]?["labels"]);

    public static string? GetLabel(this JsonObject obj, string key) => Str(obj["metadata"]?["labels"]?[key]);

    public static void SetLabel(this JsonObject obj, string key, string? value) => SetInMap(obj, "labels", key, value);

    public static IReadOnlyDictionary<string, string> GetAnnotations(this JsonObject obj) => Map(obj["metadata"]?["annotations"]);

    public static string? GetAnnotation(this JsonObject obj, string key) => Str(obj["metadata"]?["annotations"]?[key]);

    public static void SetAnnotation(this JsonObject obj, string key, string? value) => SetInMap(obj, "annotations", key, value);

    public static IReadOnlyList<string> GetFinalizers(this JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray a ? a.Select(Str).OfType<string>().ToList() : [];

    public static bool HasFinalizer(this JsonObject obj, string finalizer) => obj.GetFinalizers().Contains(finalizer);

    /// <summary>Adds the finalizer if missing; returns whether the object changed.</summary>
    public static bool AddFinalizer(this JsonObject obj, string finalizer)
    {
        if (obj.HasFinalizer(finalizer)) return false;
        var meta = obj.Metadata();
        if (meta["finalizers"] is not JsonArray a)
        {
            a = new JsonArray();
            meta["finalizers"] = a;
        }
        a.Add((JsonNode)finalizer);
        return true;
    }

    /// <summary>Removes the finalizer if present; returns whether the object changed.</summary>
    public static bool RemoveFinalizer(this JsonObject obj, string finalizer)
    {
        if (obj["metadata"]?["finalizers"] is not JsonArray a) return false;
        var idx = a.Select(Str).ToList().IndexOf(finalizer);
        if (idx < 0) return false;
        a.RemoveAt(idx);
        if (a.Count == 0) obj.Metadata().Remove("finalizers");
        return true;
    }

    public static IReadOnlyList<OwnerReference> GetOwnerReferences(this JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray a) return [];
        return a.OfType<JsonObject>()
            .Select(r => new OwnerReference(Str(r["apiVersion"]) ?? "", Str(r["kind"]) ?? "", Str(r["name"]) ?? "", Str(r["uid"]) ?? "",
                Bool(r["controller"]), Bool(r["blockOwnerDeletion"])))
            .ToList();
    }

    /// <summary>Adds (or replaces, by uid) an owner reference.</summary>
    public static void SetOwnerReference(this JsonObject obj, OwnerReference owner)
    {
        var meta = obj.Metadata();
        if (meta["ownerReferences"] is not JsonArray a)
        {
            a = new JsonArray();
            meta["ownerReferences"] = a;
        }
        for (var i = a.Count - 1; i >= 0; i--)
        {
            if (Str(a[i]?["uid"]) == owner.Uid) a.RemoveAt(i);
        }
        var r = new JsonObject { ["apiVersion"] = owner.ApiVersion, ["kind"] = owner.Kind, ["name"] = owner.Name, ["uid"] = owner.Uid };
        if (owner.Controller is { } c) r["controller"] = c;
        if (owner.BlockOwnerDeletion is { } b) r["blockOwnerDeletion"] = b;
        a.Add((JsonNode)r);
    }

    /// <summary>An owner reference pointing at <paramref name="owner"/> (which must have been read from the server, for its uid).</summary>
    public static OwnerReference ToOwnerReference(this JsonObject owner, bool controller = true) =>
        new(owner.GetApiVersion() ?? "", owner.GetKind() ?? "", owner.GetName() ?? "",
            owner.GetUid() ?? throw new InvalidOperationException("the owner has no uid: read it from the API server first"),
            controller, controller ? true : null);

    private static void SetInMap(JsonObject obj, string map, string key, string? value)
    {
        var meta = obj.Metadata();
        if (meta[map] is not JsonObject m)
        {
            if (value is null) return;
            m = new JsonObject();
            meta[map] = m;
        }
        SetOrRemove(m, key, value);
    }

    private static void SetOrRemove(JsonObject o, string key, string? value)
    {
        if (value is null) o.Remove(key);
        else o[key] = value;
    }

    private static IReadOnlyDictionary<string, string> Map(JsonNode? node)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o) d[k] = Str(v) ?? "";
        }
        return d;
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool? Bool(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static DateTimeOffset? Time(JsonNode? n) =>
        Str(n) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
