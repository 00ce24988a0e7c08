using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>The legacy discovery documents (<c>/api</c>, <c>/apis</c>, per-group-version resource lists, <c>/version</c>).</summary>
internal static class FakeKubeDiscovery
{
    private static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-secretskit-fake",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(IEnumerable<FakeResourceType> types)
    {
        var groups = new JsonArray();
        foreach (var g in types.Where(t => t.Group.Length > 0).GroupBy(t => t.Group))
        {
            var versions = new JsonArray();
            foreach (var v in g.Select(t => t.Version).Distinct())
            {
                versions.Add(new JsonObject { ["groupVersion"] = $"{g.Key}/{v}", ["version"] = v });
            }
            groups.Add(new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = versions,
                ["preferredVersion"] = versions[0]!.DeepClone(),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject Group(string group, IEnumerable<FakeResourceType> types)
    {
        var versions = new JsonArray();
        foreach (var v in types.Where(t => t.Group == group).Select(t => t.Version).Distinct())
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{group}/{v}", ["version"] = v });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = versions,
            ["preferredVersion"] = versions.Count > 0 ? versions[0]!.DeepClone() : null,
        };
    }

    public static JsonObject Resources(string groupVersion, IEnumerable<FakeResourceType> types)
    {
        var resources = new JsonArray();
        foreach (var t in types.Where(t => t.GroupVersion == groupVersion))
        {
            var r = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray([.. Verbs.Select(v => (JsonNode)v)]),
            };
            if (t.ShortNames is { Count: > 0 } sn) r["shortNames"] = new JsonArray([.. sn.Select(s => (JsonNode)s)]);
            resources.Add(r);
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = resources,
        };
    }
}
