using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

internal sealed partial class FakeKubeStore
{
    /// <summary>
    /// DELETE semantics: preconditions (uid, resourceVersion) → 409; with finalizers the object only gets a
    /// deletionTimestamp and goes away when the last finalizer is removed; then dependents are garbage-collected
    /// by ownerReferences (Background/Foreground delete them, Orphan strips the reference).
    /// </summary>
    public JsonObject Delete(FakeResourceType type, string? ns, string name, string? propagationPolicy, string? preconditionUid, string? preconditionResourceVersion)
    {
        lock (_gate)
        {
            var key = Key(ns, name);
            var existing = Bucket(type).TryGetValue(key, out var e) ? e : throw FakeKubeStatus.NotFound(type, name);
            var meta = existing["metadata"]!.AsObject();
            if (preconditionUid is { Length: > 0 } && preconditionUid != Uid(existing))
            {
                throw FakeKubeStatus.Conflict(type, name, $"Precondition failed: UID in precondition: {preconditionUid}, UID in object meta: {Uid(existing)}");
            }
            var rv = meta["resourceVersion"]!.GetValue<string>();
            if (preconditionResourceVersion is { Length: > 0 } && preconditionResourceVersion != rv)
            {
                throw FakeKubeStatus.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {preconditionResourceVersion}, ResourceVersion in object meta: {rv}");
            }
            var policy = string.IsNullOrEmpty(propagationPolicy) ? "Background" : propagationPolicy;
            if (type == FakeResourceType.Namespace) DeleteNamespaceContents(name);
            if (Finalizers(existing).Count > 0)
            {
                if (meta["deletionTimestamp"] is not null) return (JsonObject)existing.DeepClone();
                var next = (JsonObject)existing.DeepClone();
                next["metadata"]!["deletionTimestamp"] = Now();
                next["metadata"]!["deletionGracePeriodSeconds"] = 0;
                next["metadata"]!["resourceVersion"] = NextResourceVersion();
                _pendingPropagation[Uid(existing)] = policy;
                Bucket(type)[key] = next;
                Record(new FakeKubeChange(_resourceVersion, type, "MODIFIED", existing, next));
                return (JsonObject)next.DeepClone();
            }
            Bucket(type).Remove(key);
            var gone = (JsonObject)existing.DeepClone();
            gone["metadata"]!["resourceVersion"] = NextResourceVersion();
            Record(new FakeKubeChange(_resourceVersion, type, "DELETED", gone, null));
            CollectDependents(Uid(existing), policy);
            return gone;
        }
    }

    /// <summary>
    /// Simplified namespace controller: everything in the namespace is deleted at once (objects with finalizers keep
    /// a deletionTimestamp), and the namespace goes away without a Terminating phase.
    /// </summary>
    private void DeleteNamespaceContents(string ns)
    {
        var victims = _objects
            .Where(kv => kv.Key.Namespaced)
            .SelectMany(kv => kv.Value.Values.Where(o => o["metadata"]?["namespace"]?.GetValue<string>() == ns).Select(o => (kv.Key, o["metadata"]!["name"]!.GetValue<string>())))
            .ToList();
        foreach (var (t, n) in victims)
        {
            try
            {
                Delete(t, ns, n, "Background", null, null);
            }
            catch (FakeKubeStatus s) when (s.Code == 404)
            {
                // already collected as a dependent of something deleted before it
            }
        }
    }

    /// <summary>
    /// The garbage collector's view of a dependent written after its owners went (a write that raced the owner's
    /// deletion, or an ownerReference naming an object that never existed): an object none of whose owners exists is
    /// deleted in the background, as kube-controller-manager's collector does once it finds the owners absent. The write
    /// itself succeeds; the deletion follows it as its own event.
    /// </summary>
    private void CollectIfEveryOwnerIsGone(FakeResourceType type, string? ns, string name, JsonObject obj)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray { Count: > 0 } owners) return;
        if (owners.Any(o => UidExists(o?["uid"]?.GetValue<string>() ?? ""))) return;
        Delete(type, ns, name, "Background", null, null);
    }

    private bool UidExists(string uid) =>
        _objects.Values.Any(b => b.Values.Any(o => Uid(o) == uid));

    /// <summary>The garbage collector, run synchronously after an owner disappears.</summary>
    private void CollectDependents(string ownerUid, string policy)
    {
        if (ownerUid.Length == 0) return;
        var dependents = new List<(FakeResourceType Type, JsonObject Obj)>();
        foreach (var (type, bucket) in _objects)
        {
            foreach (var o in bucket.Values)
            {
                if (o["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => r?["uid"]?.GetValue<string>() == ownerUid))
                {
                    dependents.Add((type, o));
                }
            }
        }
        foreach (var (type, obj) in dependents)
        {
            var meta = obj["metadata"]!.AsObject();
            var ns = meta["namespace"]?.GetValue<string>();
            var name = meta["name"]!.GetValue<string>();
            var remaining = ((JsonArray)meta["ownerReferences"]!)
                .Where(r => r?["uid"]?.GetValue<string>() != ownerUid)
                .Select(r => r!.DeepClone())
                .ToList();
            if (policy != "Orphan" && !remaining.Any(r => UidExists(r["uid"]?.GetValue<string>() ?? "")))
            {
                Delete(type, ns, name, "Background", null, null);
                continue;
            }
            var next = (JsonObject)obj.DeepClone();
            if (remaining.Count == 0) next["metadata"]!.AsObject().Remove("ownerReferences");
            else next["metadata"]!["ownerReferences"] = new JsonArray([.. remaining]);
            UpdateLocked(type, ns, name, obj, next, statusOnly: false);
        }
    }
}
