using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Vault;

public sealed partial class FakeVaultServer
{
    private readonly Dictionary<string, int> _kvMounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _kv1 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Kv2Secret> _kv2 = new(StringComparer.Ordinal);

    private sealed class Kv2Secret
    {
        public List<(JsonObject Data, DateTimeOffset Created, bool Deleted)> Versions { get; } = [];

        public Dictionary<string, string> CustomMetadata { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Mounts a KV engine (version 1 or 2) at <paramref name="mount"/>.</summary>
    public void EnableKv(string mount, int version)
    {
        lock (_gate) _kvMounts[mount.Trim('/')] = version;
    }

    /// <summary>Writes a new KV v2 version of <paramref name="path"/>; returns its version number.</summary>
    public int Kv2Put(string mount, string path, IReadOnlyDictionary<string, string> data) =>
        Kv2PutJson(mount, path, new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))).ToJsonString());

    /// <summary>Writes a new KV v2 version from a JSON object (nested values allowed).</summary>
    public int Kv2PutJson(string mount, string path, string json)
    {
        var data = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("KV data must be a JSON object", nameof(json));
        lock (_gate)
        {
            mount = mount.Trim('/');
            _kvMounts.TryAdd(mount, 2);
            var id = mount + "/" + path.Trim('/');
            if (!_kv2.TryGetValue(id, out var secret)) _kv2[id] = secret = new Kv2Secret();
            secret.Versions.Add((data, _time.GetUtcNow(), false));
            PublishKvEvent("kv-v2/data-write", mount, $"{mount}/data/{path.Trim('/')}", $"{mount}/data/{path.Trim('/')}", secret.Versions.Count);
            return secret.Versions.Count;
        }
    }

    /// <summary>Soft-deletes one KV v2 version (reads of it then get 404).</summary>
    public void Kv2DeleteVersion(string mount, string path, int version)
    {
        lock (_gate)
        {
            var secret = _kv2[mount.Trim('/') + "/" + path.Trim('/')];
            secret.Versions[version - 1] = secret.Versions[version - 1] with { Deleted = true };
            PublishKvEvent("kv-v2/delete", mount.Trim('/'), $"{mount.Trim('/')}/delete/{path.Trim('/')}");
        }
    }

    /// <summary>Sets KV v2 <c>custom_metadata</c> of a path.</summary>
    public void Kv2SetCustomMetadata(string mount, string path, IReadOnlyDictionary<string, string> metadata)
    {
        lock (_gate)
        {
            var secret = _kv2[mount.Trim('/') + "/" + path.Trim('/')];
            secret.CustomMetadata.Clear();
            foreach (var (k, v) in metadata) secret.CustomMetadata[k] = v;
        }
    }

    /// <summary>Writes a KV v1 secret.</summary>
    public void Kv1Put(string mount, string path, IReadOnlyDictionary<string, string> data)
    {
        lock (_gate)
        {
            mount = mount.Trim('/');
            _kvMounts.TryAdd(mount, 1);
            _kv1[mount + "/" + path.Trim('/')] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
            PublishKvEvent("kv-v1/write", mount, $"{mount}/{path.Trim('/')}", $"{mount}/{path.Trim('/')}");
        }
    }

    private (string Mount, int Version, string Remainder)? FindKvMount(string path)
    {
        lock (_gate)
        {
            foreach (var (mount, version) in _kvMounts.OrderByDescending(m => m.Key.Length))
            {
                if (path == mount) return (mount, version, "");
                if (path.StartsWith(mount + "/", StringComparison.Ordinal)) return (mount, version, path[(mount.Length + 1)..]);
            }
        }
        return null;
    }

    private async Task KvAsync(HttpContext context, (string Mount, int Version, string Remainder) target)
    {
        if (context.Request.Method is "POST" or "PUT" or "DELETE")
        {
            await KvWriteAsync(context, target);
            return;
        }
        var list = IsList(context);
        if (target.Version == 1)
        {
            if (list) await ListAsync(context, target.Mount, target.Remainder, _kv1.Keys);
            else await Kv1ReadAsync(context, target.Mount + "/" + target.Remainder);
            return;
        }
        if (target.Remainder.StartsWith("metadata", StringComparison.Ordinal))
        {
            var rest = target.Remainder.Length > "metadata".Length ? target.Remainder["metadata/".Length..] : "";
            if (list) await ListAsync(context, target.Mount, rest, _kv2.Keys);
            else await Kv2MetadataAsync(context, target.Mount + "/" + rest);
            return;
        }
        if (target.Remainder.StartsWith("data/", StringComparison.Ordinal))
        {
            await Kv2ReadAsync(context, target.Mount + "/" + target.Remainder["data/".Length..]);
            return;
        }
        await ErrorAsync(context, 404);
    }

    private async Task Kv1ReadAsync(HttpContext context, string id)
    {
        JsonObject? data;
        lock (_gate) data = _kv1.TryGetValue(id, out var d) ? (JsonObject)d.DeepClone() : null;
        if (data is null) await ErrorAsync(context, 404);
        else await OkAsync(context, new JsonObject { ["data"] = data });
    }

    private async Task Kv2ReadAsync(HttpContext context, string id)
    {
        JsonObject? response = null;
        lock (_gate)
        {
            if (_kv2.TryGetValue(id, out var secret))
            {
                var number = int.TryParse(context.Request.Query["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : secret.Versions.Count;
                if (number >= 1 && number <= secret.Versions.Count && !secret.Versions[number - 1].Deleted)
                {
                    var v = secret.Versions[number - 1];
                    response = new JsonObject
                    {
                        ["data"] = new JsonObject
                        {
                            ["data"] = v.Data.DeepClone(),
                            ["metadata"] = new JsonObject
                            {
                                ["created_time"] = Rfc3339(v.Created),
                                ["custom_metadata"] = secret.CustomMetadata.Count == 0 ? null : CustomMetadata(secret),
                                ["deletion_time"] = "",
                                ["destroyed"] = false,
                                ["version"] = number,
                            },
                        },
                    };
                }
            }
        }
        if (response is null) await ErrorAsync(context, 404);
        else await OkAsync(context, response);
    }

    private async Task Kv2MetadataAsync(HttpContext context, string id)
    {
        JsonObject? response = null;
        lock (_gate)
        {
            if (_kv2.TryGetValue(id, out var secret))
            {
                // Vault's KV v2 metadata response: its fields as Vault names and types them
                var versions = new JsonObject();
                for (var i = 0; i < secret.Versions.Count; i++)
                {
                    var v = secret.Versions[i];
                    versions[(i + 1).ToString(CultureInfo.InvariantCulture)] = new JsonObject
                    {
                        ["created_time"] = Rfc3339(v.Created), ["deletion_time"] = v.Deleted ? Rfc3339(v.Created) : "", ["destroyed"] = false,
                    };
                }
                response = new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["cas_required"] = false,
                        ["created_time"] = secret.Versions.Count == 0 ? null : Rfc3339(secret.Versions[0].Created),
                        ["current_version"] = secret.Versions.Count,
                        ["custom_metadata"] = secret.CustomMetadata.Count == 0 ? null : CustomMetadata(secret),
                        ["delete_version_after"] = "0s",
                        ["max_versions"] = 0,
                        ["oldest_version"] = 0,
                        ["updated_time"] = secret.Versions.Count == 0 ? null : Rfc3339(secret.Versions[^1].Created),
                        ["versions"] = versions,
                    },
                };
            }
        }
        if (response is null) await ErrorAsync(context, 404);
        else await OkAsync(context, response);
    }

    private static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static JsonObject CustomMetadata(Kv2Secret secret) =>
        new(secret.CustomMetadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private async Task ListAsync(HttpContext context, string mount, string folder, IEnumerable<string> ids)
    {
        var prefix = mount + "/" + (folder.Length == 0 ? "" : folder.TrimEnd('/') + "/");
        SortedSet<string> keys;
        lock (_gate)
        {
            keys = new SortedSet<string>(ids.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Select(id =>
            {
                var rest = id[prefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                return slash < 0 ? rest : rest[..(slash + 1)];
            }), StringComparer.Ordinal);
        }
        if (keys.Count == 0) await ErrorAsync(context, 404);
        else await OkAsync(context, new JsonObject { ["data"] = new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode?)k).ToArray()) } });
    }
}
