using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Vault.Events;

namespace SecretsKit.Cloud.Tests.Vault.Events;

public sealed class VaultKvEventTests
{
    private static string Event(string eventType, string path, string? dataPath = null, string? mountPath = "secret/")
    {
        var metadata = new JsonObject { ["path"] = path, ["operation"] = "x", ["modified"] = "true", ["current_version"] = "3" };
        if (dataPath is not null) metadata["data_path"] = dataPath;
        var data = new JsonObject { ["event"] = new JsonObject { ["id"] = "1", ["metadata"] = metadata }, ["event_type"] = eventType };
        if (mountPath is not null) data["plugin_info"] = new JsonObject { ["mount_path"] = mountPath, ["plugin"] = "kv" };
        return new JsonObject { ["id"] = "1", ["specversion"] = "1.0", ["type"] = "*", ["data"] = data }.ToJsonString();
    }

    private static VaultKvEvent? Parse(string json, out string? reason) => VaultKvEvent.Parse(Encoding.UTF8.GetBytes(json), out reason);

    [Theory]
    [InlineData("kv-v2/data-write", "secret/data/app/db", "secret/data/app/db", "app/db")]
    [InlineData("kv-v2/data-patch", "secret/data/app/db", "secret/data/app/db", "app/db")]
    [InlineData("kv-v2/data-delete", "secret/data/app/db", null, "app/db")]
    [InlineData("kv-v2/metadata-write", "secret/metadata/app/db", "secret/data/app/db", "app/db")]
    [InlineData("kv-v2/metadata-delete", "secret/metadata/app/db", null, "app/db")]
    [InlineData("kv-v2/delete", "secret/delete/app/db", null, "app/db")]
    [InlineData("kv-v2/destroy", "secret/destroy/app/db", null, "app/db")]
    [InlineData("kv-v2/undelete", "secret/undelete/app/db", "secret/data/app/db", "app/db")]
    public void Every_kv2_event_maps_to_the_secret_relative_to_the_store_mount(string eventType, string path, string? dataPath, string expected)
    {
        var ev = Parse(Event(eventType, path, dataPath), out var reason);

        Assert.Null(reason);
        Assert.Equal(expected, ev!.KeyIn("secret", 2));
        Assert.Equal("3", ev.Version);
    }

    [Fact]
    public void A_kv1_write_maps_on_a_kv1_store_and_not_on_a_kv2_store()
    {
        var ev = Parse(Event("kv-v1/write", "legacy/app", "legacy/app", "legacy/"), out _)!;

        Assert.Equal("app", ev.KeyIn("legacy", 1));
        Assert.Null(ev.KeyIn("legacy", 2));
    }

    [Theory]
    [InlineData("other/data/app/db", "other/")]
    [InlineData("secretive/data/app/db", null)]
    [InlineData("secret/data/app/db", "team/secret/")]
    [InlineData("secret/config", "secret/")]
    public void An_event_outside_the_store_mount_maps_to_no_key(string path, string? mountPath)
    {
        var ev = Parse(Event("kv-v2/data-write", path, path, mountPath), out var reason);

        Assert.Null(reason);
        Assert.Null(ev!.KeyIn("secret", 2));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "no data object")]
    [InlineData("""{"data":{"event_type":"database/config-write","event":{"metadata":{"path":"database/config/x"}}}}""", "not a KV event")]
    [InlineData("""{"data":{"event_type":"kv-v2/data-write","event":{"metadata":{}}}}""", "no path")]
    [InlineData("""{"data":{"event_type":"kv-v2/data-write","event":{"metadata":{"path":"secret/data/../../sys/raw"}}}}""", "unusable path")]
    [InlineData("""{"data":{"event_type":"kv-v2/data-write","event":{"metadata":{"path":"secret/data//x"}}}}""", "unusable path")]
    [InlineData("""{"data":{"event_type":"kv-v2/data-write","event":{"metadata":{"path":"secret/data/x\u0000y"}}}}""", "unusable path")]
    [InlineData("""{"data":{"event_type":"kv-v2/data-write","event":{"metadata":{"path":7}}}}""", "no path")]
    public void A_malformed_or_hostile_event_is_refused_with_a_reason(string json, string reasonPart)
    {
        Assert.Null(Parse(json, out var reason));
        Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_past_the_depth_budget_is_refused_not_parsed()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

        Assert.Null(Parse(deep, out var reason));
        Assert.Contains("nested too deeply", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_camel_case_field_names_are_read_too()
    {
        var json = """{"data":{"eventType":"kv-v2/data-write","pluginInfo":{"mountPath":"secret/"},"event":{"metadata":{"dataPath":"secret/data/a/b","currentVersion":"2"}}}}""";

        var ev = Parse(json, out _)!;

        Assert.Equal("a/b", ev.KeyIn("secret", 2));
        Assert.Equal("2", ev.Version);
    }
}
