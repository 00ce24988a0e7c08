using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecretsKit.Testing.Kubernetes;

internal sealed partial class FakeKubeStore
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    public JsonObject Create(FakeResourceType type, string? ns, JsonObject body)
    {
        lock (_gate)
        {
            var obj = (JsonObject)body.DeepClone();
            var meta = obj["metadata"] as JsonObject ?? new JsonObject();
            obj["metadata"] = meta;
            var name = meta["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name) && meta["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
            {
                name = prefix + Guid.NewGuid().ToString("N")[..5];
                meta["name"] = name;
            }
            if (string.IsNullOrEmpty(name)) throw FakeKubeStatus.Invalid(type, "", "metadata.name", "name or generateName is required");
            CheckNamespace(type, ns, meta);
            if (type.Namespaced && RequireNamespaces && !Bucket(FakeResourceType.Namespace).ContainsKey(Key(null, ns!)))
            {
                throw FakeKubeStatus.NotFound(FakeResourceType.Namespace, ns!);
            }
            if (type.Namespaced) meta["namespace"] = ns;
            var bucket = Bucket(type);
            if (bucket.ContainsKey(Key(ns, name))) throw FakeKubeStatus.AlreadyExists(type, name);
            obj["apiVersion"] = type.GroupVersion;
            obj["kind"] = type.Kind;
            if (type.HasStatus && type != FakeResourceType.Namespace) obj.Remove("status");
            if (type == FakeResourceType.Namespace) obj["status"] = new JsonObject { ["phase"] = "Active" };
            Normalize(type, obj);
            PruneUnknown(type, obj);
            Validate(type, name, obj, null);
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Now();
            meta["generation"] = 1L;
            meta.Remove("deletionTimestamp");
            meta["resourceVersion"] = NextResourceVersion();
            bucket[Key(ns, name)] = obj;
            Record(new FakeKubeChange(_resourceVersion, type, "ADDED", null, obj));
            var created = (JsonObject)obj.DeepClone();
            CollectIfEveryOwnerIsGone(type, ns, name, obj);
            return created;
        }
    }

    /// <summary>
    /// Until disposed, writes from this async flow skip the CRD schemas, as writes made before a schema was installed or
    /// tightened did: the API server checks a schema on writes only and never revalidates what etcd already holds.
    /// </summary>
    public IDisposable UnderEarlierSchema()
    {
        var before = _withoutSchema.Value;
        _withoutSchema.Value = true;
        return new Scope(() => _withoutSchema.Value = before);
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    /// <summary>PUT semantics: replace the object (or only its status), with optimistic concurrency on resourceVersion.</summary>
    public JsonObject Update(FakeResourceType type, string? ns, string name, JsonObject body, bool statusOnly)
    {
        lock (_gate)
        {
            var existing = Bucket(type).TryGetValue(Key(ns, name), out var e) ? e : throw FakeKubeStatus.NotFound(type, name);
            return UpdateLocked(type, ns, name, existing, body, statusOnly);
        }
    }

    /// <summary>PATCH semantics: computes the desired object from the current one under the lock, then updates.</summary>
    public JsonObject Patch(FakeResourceType type, string? ns, string name, bool statusOnly, Func<JsonObject, JsonObject> patch)
    {
        lock (_gate)
        {
            var existing = Bucket(type).TryGetValue(Key(ns, name), out var e) ? e : throw FakeKubeStatus.NotFound(type, name);
            var desired = patch((JsonObject)existing.DeepClone());
            return UpdateLocked(type, ns, name, existing, desired, statusOnly);
        }
    }

    /// <summary>Server-side apply: creates the object when missing, otherwise merges the applied fields (see <see cref="FakeServerSideApply"/>).</summary>
    public JsonObject Apply(FakeResourceType type, string? ns, string name, JsonObject applied, string fieldManager, bool force, bool statusOnly)
    {
        lock (_gate)
        {
            if (!Bucket(type).TryGetValue(Key(ns, name), out var existing))
            {
                if (statusOnly) throw FakeKubeStatus.NotFound(type, name);
                var created = (JsonObject)applied.DeepClone();
                FakeServerSideApply.RecordManager(created, applied, fieldManager, type.GroupVersion, Now());
                return Create(type, ns, created);
            }
            var desired = FakeServerSideApply.Merge(type, name, existing, applied, fieldManager, force, Now());
            return UpdateLocked(type, ns, name, existing, desired, statusOnly);
        }
    }

    private JsonObject UpdateLocked(FakeResourceType type, string? ns, string name, JsonObject existing, JsonObject body, bool statusOnly)
    {
        var oldMeta = existing["metadata"]!.AsObject();
        var currentRv = oldMeta["resourceVersion"]!.GetValue<string>();
        var bodyMeta = body["metadata"] as JsonObject ?? new JsonObject();
        if (bodyMeta["resourceVersion"]?.GetValue<string>() is { Length: > 0 } given && given != currentRv)
        {
            throw FakeKubeStatus.Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");
        }
        if (bodyMeta["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
        {
            throw FakeKubeStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        CheckNamespace(type, ns, bodyMeta);

        JsonObject next;
        if (statusOnly)
        {
            next = (JsonObject)existing.DeepClone();
            next["status"] = body["status"]?.DeepClone();
            PruneUnknown(type, next, existing);
        }
        else
        {
            next = ReplacedObject(type, name, existing, body);
        }
        if (next["status"] is null) next.Remove("status");
        var nextMeta = next["metadata"]!.AsObject();
        nextMeta["resourceVersion"] = currentRv;
        if (JsonNode.DeepEquals(existing, next)) return (JsonObject)existing.DeepClone();

        nextMeta["resourceVersion"] = NextResourceVersion();
        var key = Key(ns, name);
        if (nextMeta["deletionTimestamp"] is not null && Finalizers(next).Count == 0)
        {
            Bucket(type).Remove(key);
            Record(new FakeKubeChange(_resourceVersion, type, "DELETED", next, null));
            var policy = _pendingPropagation.Remove(Uid(next), out var p) ? p : "Background";
            CollectDependents(Uid(next), policy);
            return (JsonObject)next.DeepClone();
        }
        Bucket(type)[key] = next;
        Record(new FakeKubeChange(_resourceVersion, type, "MODIFIED", existing, next));
        var updated = (JsonObject)next.DeepClone();
        CollectIfEveryOwnerIsGone(type, ns, name, next);
        return updated;
    }

    /// <summary>
    /// A PUT's new object: the body with the server-owned metadata and (for a type with a status subresource) the status
    /// kept from <paramref name="existing"/>, normalised, pruned and validated; <c>generation</c> bumped when the spec changed.
    /// </summary>
    private JsonObject ReplacedObject(FakeResourceType type, string name, JsonObject existing, JsonObject body)
    {
        var oldMeta = existing["metadata"]!.AsObject();
        var next = (JsonObject)body.DeepClone();
        next["apiVersion"] = type.GroupVersion;
        next["kind"] = type.Kind;
        if (type.HasStatus) next["status"] = existing["status"]?.DeepClone();
        var meta = next["metadata"] as JsonObject ?? new JsonObject();
        next["metadata"] = meta;
        foreach (var keep in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            meta[keep] = oldMeta[keep]?.DeepClone();
            if (meta[keep] is null) meta.Remove(keep);
        }
        if (meta["managedFields"] is null && oldMeta["managedFields"] is { } mf) meta["managedFields"] = mf.DeepClone();
        Normalize(type, next);
        PruneUnknown(type, next, existing);
        Validate(type, name, next, existing);
        if (!JsonNode.DeepEquals(WithoutMetaAndStatus(existing), WithoutMetaAndStatus(next)))
        {
            meta["generation"] = (oldMeta["generation"] is { } g ? long.Parse(g.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0) + 1;
        }
        return next;
    }

    /// <summary>
    /// Applies the type's CRD schema (when one is installed), as the real server does: fields it does not declare are
    /// pruned, each a warning for the response (or with fieldValidation=Strict a 400 naming them); then a value of the
    /// wrong type, outside its enum or missing while required fails the write with 422 Invalid listing every error. On
    /// an update an error the stored object already had is let through, as the server's validation ratcheting does (an
    /// object stored under an earlier schema can still have its status written).
    /// </summary>
    private void PruneUnknown(FakeResourceType type, JsonObject obj, JsonObject? existing = null)
    {
        if (_withoutSchema.Value || !_schemas.TryGetValue(type.Key, out var schema)) return;
        var unknown = schema.Prune(obj);
        if (unknown.Count > 0 && t_fieldValidation == "Strict")
        {
            throw FakeKubeStatus.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        }
        var errors = schema.Validate(obj);
        if (existing is not null && errors.Count > 0) errors = [.. errors.Except(schema.Validate(existing))];
        if (errors.Count > 0) throw FakeKubeStatus.Invalid(type, obj["metadata"]?["name"]?.GetValue<string>() ?? "", errors);
        if (t_fieldValidation == "Ignore") return;
        foreach (var u in unknown)
        {
            t_warnings?.Add($"unknown field \"{u}\"");
            _unknownFields.Enqueue($"{type.Kind} {obj["metadata"]?["namespace"]?.GetValue<string>()}/{obj["metadata"]?["name"]?.GetValue<string>()}: {u}");
        }
    }

    private static JsonObject WithoutMetaAndStatus(JsonObject o)
    {
        var c = (JsonObject)o.DeepClone();
        c.Remove("metadata");
        c.Remove("status");
        return c;
    }

    private static string Uid(JsonObject o) => o["metadata"]?["uid"]?.GetValue<string>() ?? "";

    private static List<string> Finalizers(JsonObject o) =>
        (o["metadata"]?["finalizers"] as JsonArray)?.Select(f => f!.GetValue<string>()).ToList() ?? [];

    private static void CheckNamespace(FakeResourceType type, string? ns, JsonObject meta)
    {
        if (type.Namespaced && meta["namespace"]?.GetValue<string>() is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw FakeKubeStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    /// <summary>Secret <c>stringData</c> is write-only: it is folded into base64 <c>data</c>, as the real API server does.</summary>
    private static void Normalize(FakeResourceType type, JsonObject obj)
    {
        if (type != FakeResourceType.Secret) return;
        obj["type"] ??= "Opaque";
        if (obj["stringData"] is JsonObject sd)
        {
            if (obj["data"] is not JsonObject data)
            {
                data = new JsonObject();
                obj["data"] = data;
            }
            foreach (var (k, v) in sd) data[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes(v?.GetValue<string>() ?? ""));
            obj.Remove("stringData");
        }
    }

    private static void Validate(FakeResourceType type, string name, JsonObject obj, JsonObject? existing)
    {
        FakeObjectMetaTypes.Check(type, name, obj);
        if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            throw FakeKubeStatus.Invalid(type, name, "metadata.name",
                $"\"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
        }
        if (type != FakeResourceType.Secret) return;
        if (obj["data"] is JsonObject data)
        {
            foreach (var (k, v) in data)
            {
                var text = v?.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
                Span<byte> scratch = new byte[(text?.Length ?? 0) + 4];
                if (text is null || !Convert.TryFromBase64String(text, scratch, out _))
                {
                    // the value itself is never echoed: it is secret material
                    throw FakeKubeStatus.Invalid(type, name, $"data[{k}]", "value is not valid base64");
                }
            }
        }
        if (existing?["immutable"]?.GetValue<bool>() == true
            && (!JsonNode.DeepEquals(existing["data"], obj["data"]) || obj["immutable"]?.GetValue<bool>() != true))
        {
            throw FakeKubeStatus.Invalid(type, name, "data", "field is immutable when `immutable` is set");
        }
    }
}
