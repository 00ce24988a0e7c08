using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// A simplified server-side apply: the applied configuration is merged into the live object (JSON merge patch
/// semantics, lists replaced whole), each field manager's leaf fields are recorded in <c>managedFields</c>
/// (FieldsV1 shape), and changing a leaf another Apply manager owns is a 409 conflict unless <c>force=true</c>.
/// Fields a manager stops applying are not removed (the real server would remove them).
/// </summary>
internal static class FakeServerSideApply
{
    public static JsonObject Merge(FakeResourceType type, string name, JsonObject live, JsonObject applied, string manager, bool force, string now)
    {
        var appliedLeaves = Leaves(applied).ToList();
        var conflicts = new List<string>();
        if (live["metadata"]?["managedFields"] is JsonArray managed)
        {
            foreach (var entry in managed.OfType<JsonObject>())
            {
                var other = entry["manager"]?.GetValue<string>();
                if (other == manager || entry["operation"]?.GetValue<string>() != "Apply") continue;
                var owned = entry["fieldsV1"] is JsonObject f ? FieldPaths(f, "").ToHashSet(StringComparer.Ordinal) : [];
                foreach (var (path, value) in appliedLeaves)
                {
                    if (owned.Contains(path) && !JsonNode.DeepEquals(ValueAt(live, path), value))
                    {
                        conflicts.Add($"conflict with \"{other}\": {path.Replace('\n', '.')}");
                    }
                }
            }
        }
        if (conflicts.Count > 0 && !force)
        {
            var details = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Plural };
            throw new FakeKubeStatus(409, "Conflict",
                $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: {string.Join("; ", conflicts)}", details);
        }
        var merged = (JsonObject)JsonMergePatch.Apply(live, applied)!;
        merged["metadata"]!["resourceVersion"] = live["metadata"]!["resourceVersion"]!.DeepClone();
        merged["metadata"]!["managedFields"] = live["metadata"]?["managedFields"]?.DeepClone();
        RecordManager(merged, applied, manager, type.GroupVersion, now);
        return merged;
    }

    /// <summary>Adds or replaces this manager's Apply entry in <c>managedFields</c>.</summary>
    public static void RecordManager(JsonObject target, JsonObject applied, string manager, string apiVersion, string now)
    {
        var meta = target["metadata"] as JsonObject ?? new JsonObject();
        target["metadata"] = meta;
        var list = meta["managedFields"] as JsonArray ?? new JsonArray();
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i]?["manager"]?.GetValue<string>() == manager && list[i]?["operation"]?.GetValue<string>() == "Apply") list.RemoveAt(i);
        }
        var fields = new JsonObject();
        foreach (var (path, _) in Leaves(applied))
        {
            var node = fields;
            foreach (var part in path.Split('\n'))
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }
        }
        list.Add(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = now,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        });
        meta["managedFields"] = list;
    }

    /// <summary>Leaf fields of an applied object as dotted <c>f:</c> paths, skipping identity fields.</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonObject obj, string prefix = "")
    {
        foreach (var (key, value) in obj)
        {
            if (prefix.Length == 0 && key is "apiVersion" or "kind") continue;
            if (prefix == "f:metadata" && key is "name" or "namespace" or "resourceVersion" or "managedFields" or "uid") continue;
            var path = prefix.Length == 0 ? $"f:{key}" : $"{prefix}\nf:{key}";
            if (value is JsonObject child && child.Count > 0)
            {
                foreach (var leaf in Leaves(child, path)) yield return leaf;
            }
            else
            {
                yield return (path, value);
            }
        }
    }

    private static IEnumerable<string> FieldPaths(JsonObject fields, string prefix)
    {
        foreach (var (key, value) in fields)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}\n{key}";
            if (value is JsonObject child && child.Count > 0)
            {
                foreach (var p in FieldPaths(child, path)) yield return p;
            }
            else
            {
                yield return path;
            }
        }
    }

    private static JsonNode? ValueAt(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('\n'))
        {
            node = node is JsonObject o ? o[part[2..]] : null;
        }
        return node;
    }
}
