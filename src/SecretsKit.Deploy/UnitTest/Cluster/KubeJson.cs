using System.Text.Json;
using SecretsKit.Deploy.UnitTest.Suites;

namespace SecretsKit.Deploy.UnitTest.Cluster;

/// <summary>The Kubernetes API's JSON shapes the lookup server answers with (version, discovery, lists, a NotFound status).</summary>
internal static class KubeJson
{
    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return stream.ToArray();
    }

    public static void Version(Utf8JsonWriter w, string major, string minor, string gitVersion)
    {
        w.WriteStartObject();
        w.WriteString("major", major);
        w.WriteString("minor", minor);
        w.WriteString("gitVersion", gitVersion);
        w.WriteString("platform", "linux/amd64");
        w.WriteEndObject();
    }

    public static void ApiVersions(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIVersions");
        w.WriteStartArray("versions");
        w.WriteStringValue("v1");
        w.WriteEndArray();
        w.WriteStartArray("serverAddressByClientCIDRs");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void GroupList(Utf8JsonWriter w, IEnumerable<string> groupVersions)
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIGroupList");
        w.WriteString("apiVersion", "v1");
        w.WriteStartArray("groups");
        foreach (var group in groupVersions.GroupBy(gv => gv[..gv.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("name", group.Key);
            w.WriteStartArray("versions");
            foreach (var gv in group) GroupVersion(w, null, gv);
            w.WriteEndArray();
            GroupVersion(w, "preferredVersion", group.First());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void ResourceList(Utf8JsonWriter w, string groupVersion, IEnumerable<(string Kind, FakeKind Resource, bool Served)> kinds)
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIResourceList");
        w.WriteString("apiVersion", "v1");
        w.WriteString("groupVersion", groupVersion);
        w.WriteStartArray("resources");
        foreach (var (kind, resource, _) in kinds)
        {
            w.WriteStartObject();
            w.WriteString("name", resource.Resource);
            w.WriteString("singularName", kind.ToLowerInvariant());
            w.WriteBoolean("namespaced", resource.Namespaced);
            w.WriteString("kind", kind);
            w.WriteStartArray("verbs");
            w.WriteStringValue("get");
            w.WriteStringValue("list");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void List(Utf8JsonWriter w, string groupVersion, string kind, IEnumerable<IReadOnlyDictionary<string, object?>> items)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", groupVersion);
        w.WriteStartArray("items");
        foreach (var item in items) JsonTree.Write(w, item);
        w.WriteEndArray();
        w.WriteString("kind", kind);
        w.WriteStartObject("metadata");
        w.WriteString("continue", "");
        w.WriteString("resourceVersion", "");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void NotFound(Utf8JsonWriter w, string resource, string name)
    {
        w.WriteStartObject();
        w.WriteString("kind", "Status");
        w.WriteString("apiVersion", "v1");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteString("status", "Failure");
        w.WriteString("message", $"{resource} \"{name}\" not found");
        w.WriteString("reason", "NotFound");
        w.WriteNumber("code", 404);
        w.WriteEndObject();
    }

    private static void GroupVersion(Utf8JsonWriter w, string? property, string groupVersion)
    {
        if (property is null) w.WriteStartObject();
        else w.WriteStartObject(property);
        w.WriteString("groupVersion", groupVersion);
        w.WriteString("version", groupVersion[(groupVersion.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        w.WriteEndObject();
    }
}
