using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Render;

/// <summary>
/// What the API server checks on create that a local render must check too, since the manifests reach it unchecked:
/// <c>metadata</c> (and <c>spec</c>, and a Secret's <c>data</c>/<c>stringData</c>) are mappings, the name is a DNS
/// subdomain, the namespace (when given and not empty, which kubectl reads as the default) a DNS label. An object that
/// fails is reported alone; the others still render.
/// </summary>
internal static class ManifestObjects
{
    /// <summary>Why the API server would refuse <paramref name="obj"/>, or null.</summary>
    public static string? Problem(ResourceType type, JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta) return "metadata is not a mapping";
        if (meta["name"] is null) return "no metadata.name";
        if (Text(meta["name"]) is not { } name) return "metadata.name is not a string";
        if (!ObjectNames.IsDnsSubdomain(name)) return $"metadata.name {Quote(name)} is not a DNS subdomain (lowercase letters, digits, '-' and '.')";
        if (type.Namespaced && meta["namespace"] is { } nsNode)
        {
            if (Text(nsNode) is not { } ns) return "metadata.namespace is not a string";
            if (ns.Length > 0 && !ObjectNames.IsDnsLabel(ns)) return $"metadata.namespace {Quote(ns)} is not a DNS label (lowercase letters, digits and '-')";
        }
        if (obj["spec"] is { } spec && spec is not JsonObject) return "spec is not a mapping";
        if (type == ResourceTypes.Secret)
        {
            foreach (var field in (string[])["data", "stringData"])
            {
                if (obj[field] is not { } values) continue;
                if (values is not JsonObject map) return $"{field} is not a mapping";
                if (map.FirstOrDefault(kv => Text(kv.Value) is null).Key is { } key) return $"{field}.{Echo.Bounded(key)} is not a string";
            }
        }
        return null;
    }

    /// <summary>The object's <c>namespace/name</c> as far as it can be read, bounded, for a message.</summary>
    public static string Describe(ResourceType type, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var name = Text(meta?["name"]) ?? "(no name)";
        var ns = type.Namespaced ? Text(meta?["namespace"]) is { Length: > 0 } n ? n : "default" : null;
        return Echo.Bounded(ns is null ? name : ns + "/" + name);
    }

    /// <summary>A JSON string's text; null for anything else (a number is no name, as for the API server).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Quote(string text) => "'" + Echo.Bounded(text) + "'";
}
