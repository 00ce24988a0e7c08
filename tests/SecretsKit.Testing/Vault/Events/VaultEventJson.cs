using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Vault.Events;

/// <summary>
/// A KV event as Vault Enterprise writes it with <c>json=true</c>: a CloudEvents envelope whose <c>data</c> holds the
/// event id and metadata (<c>path</c>, <c>data_path</c>, <c>operation</c>, <c>modified</c>, <c>current_version</c>),
/// the <c>event_type</c> and the <c>plugin_info</c> of the mount.
/// </summary>
internal static class VaultEventJson
{
    public static string Kv(string eventType, string mount, string path, string? dataPath, int? version, DateTimeOffset time)
    {
        var id = Guid.NewGuid().ToString();
        var metadata = new JsonObject
        {
            ["modified"] = "true",
            ["operation"] = eventType[(eventType.IndexOf('/', StringComparison.Ordinal) + 1)..],
            ["path"] = path,
        };
        if (dataPath is not null) metadata["data_path"] = dataPath;
        if (version is { } v)
        {
            metadata["current_version"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            metadata["oldest_version"] = "0";
        }
        return new JsonObject
        {
            ["id"] = id,
            ["source"] = "https://vaultproject.io/",
            ["specversion"] = "1.0",
            ["type"] = "*",
            ["data"] = new JsonObject
            {
                ["event"] = new JsonObject { ["id"] = id, ["metadata"] = metadata },
                ["event_type"] = eventType,
                ["plugin_info"] = new JsonObject
                {
                    ["mount_class"] = "secret",
                    ["mount_accessor"] = "kv_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(mount)))[..8],
                    ["mount_path"] = mount + "/",
                    ["plugin"] = "kv",
                },
            },
            ["datacontentype"] = "application/cloudevents",
            ["time"] = time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }.ToJsonString() + "\n";
    }
}
