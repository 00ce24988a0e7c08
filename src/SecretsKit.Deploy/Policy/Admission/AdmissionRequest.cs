using System.Text.Json.Nodes;
using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// One rendered object as an admission request, offline: always a CREATE of the object itself (no subresource, no old
/// object), by a requester with no name and no groups. <see cref="Namespace"/> is empty for a cluster-scoped kind.
/// </summary>
internal sealed class AdmissionRequest
{
    public AdmissionRequest(JsonObject obj, string? defaultNamespace, ResourceNames names)
    {
        Object = obj;
        (Group, Version) = ResourceNames.Split(LabelSelector.Text(obj["apiVersion"]));
        Kind = LabelSelector.Text(obj["kind"]) ?? "";
        Resource = names.Resource(Group, Kind);
        var metadata = obj["metadata"] as JsonObject;
        Name = LabelSelector.Text(metadata?["name"]) ?? "";
        Namespaced = names.Namespaced(Group, Kind);
        Namespace = Namespaced ? LabelSelector.Text(metadata?["namespace"]) ?? defaultNamespace ?? "default" : "";
        Labels = LabelSelector.LabelsOf(obj);
    }

    public JsonObject Object { get; }

    public string Group { get; }

    public string Version { get; }

    public string Kind { get; }

    public string Resource { get; }

    public string Name { get; }

    public bool Namespaced { get; }

    public string Namespace { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public bool IsNamespace => Kind == "Namespace" && Group.Length == 0;

    /// <summary>CEL's <c>request</c>: kind, resource, requestKind, requestResource, name, namespace, operation, userInfo, dryRun, options.</summary>
    public CelMap ToCel()
    {
        var kind = Map(("group", Group), ("version", Version), ("kind", Kind));
        var resource = Map(("group", Group), ("version", Version), ("resource", Resource));
        var userInfo = Map(("username", ""), ("uid", ""), ("groups", CelList.Empty), ("extra", CelMap.Empty));
        var options = Map(("apiVersion", "meta.k8s.io/v1"), ("kind", "CreateOptions"));
        var fields = new List<(string, object?)>
        {
            ("uid", ""), ("kind", kind), ("resource", resource), ("requestKind", kind), ("requestResource", resource), ("name", Name),
        };
        if (Namespace.Length > 0) fields.Add(("namespace", Namespace));
        fields.AddRange([("operation", "CREATE"), ("userInfo", userInfo), ("dryRun", false), ("options", options)]);
        return Map([.. fields]);
    }

    internal static CelMap Map(params (string Key, object? Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<object, object?>(e.Key, e.Value)));
}
