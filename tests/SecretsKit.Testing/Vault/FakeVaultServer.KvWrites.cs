using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Vault;

/// <summary>
/// KV writes as Vault answers them: v2 <c>POST|PUT mount/data/path</c> with <c>{"data":{…},"options":{…}}</c> (a new
/// version; 400 when <c>data</c> is missing or not an object), v2 <c>DELETE mount/metadata/path</c> (every version and
/// the metadata, 204), v1 <c>POST|PUT mount/path</c> with the object itself and <c>DELETE mount/path</c> (204).
/// </summary>
public sealed partial class FakeVaultServer
{
    /// <summary>The latest undeleted KV v2 data as JSON, or null.</summary>
    public string? Kv2Current(string mount, string path)
    {
        lock (_gate)
        {
            return _kv2.TryGetValue(mount.Trim('/') + "/" + path.Trim('/'), out var s) && s.Versions.Count > 0 && !s.Versions[^1].Deleted
                ? s.Versions[^1].Data.ToJsonString() : null;
        }
    }

    /// <summary>The KV v1 secret as JSON, or null.</summary>
    public string? Kv1Current(string mount, string path)
    {
        lock (_gate) return _kv1.TryGetValue(mount.Trim('/') + "/" + path.Trim('/'), out var data) ? data.ToJsonString() : null;
    }

    /// <summary>Number of KV v2 versions (0 when the secret or its metadata is gone).</summary>
    public int Kv2VersionCount(string mount, string path)
    {
        lock (_gate) return _kv2.TryGetValue(mount.Trim('/') + "/" + path.Trim('/'), out var s) ? s.Versions.Count : 0;
    }

    private async Task KvWriteAsync(HttpContext context, (string Mount, int Version, string Remainder) target)
    {
        var delete = context.Request.Method == "DELETE";
        string id;
        if (target.Version == 2 && !delete && target.Remainder.StartsWith("metadata/", StringComparison.Ordinal))
        {
            await Kv2MetadataWriteAsync(context, target.Mount, target.Remainder["metadata/".Length..]);
            return;
        }
        if (target.Version == 2)
        {
            var prefix = delete ? "metadata/" : "data/";
            if (!target.Remainder.StartsWith(prefix, StringComparison.Ordinal))
            {
                await ErrorAsync(context, 405, "unsupported operation");
                return;
            }
            id = target.Mount + "/" + target.Remainder[prefix.Length..];
        }
        else
        {
            id = target.Mount + "/" + target.Remainder;
        }
        if (delete)
        {
            lock (_gate)
            {
                if (target.Version == 2) _kv2.Remove(id);
                else _kv1.Remove(id);
                PublishKvEvent(target.Version == 2 ? "kv-v2/metadata-delete" : "kv-v1/delete", target.Mount,
                    target.Version == 2 ? $"{target.Mount}/{target.Remainder}" : id);
            }
            context.Response.StatusCode = 204;
            return;
        }
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject;
        }
        catch (JsonException)
        {
        }
        var data = target.Version == 2 ? body?["data"] as JsonObject : body;
        if (data is null || (target.Version == 2 && body!.Any(p => p.Key is not ("data" or "options"))))
        {
            await ErrorAsync(context, 400, target.Version == 2 ? "no data provided" : "failed to parse JSON input");
            return;
        }
        if (target.Version == 1)
        {
            lock (_gate)
            {
                _kv1[id] = (JsonObject)data.DeepClone();
                PublishKvEvent("kv-v1/write", target.Mount, id, id);
            }
            context.Response.StatusCode = 204;
            return;
        }
        var version = Kv2PutJson(target.Mount, id[(target.Mount.Length + 1)..], data.ToJsonString());
        await OkAsync(context, new JsonObject { ["data"] = new JsonObject { ["version"] = version, ["destroyed"] = false } });
    }

    /// <summary>
    /// <c>POST mount/metadata/path</c>: creates the metadata when the path is new (no versions yet) and replaces its
    /// <c>custom_metadata</c> (string values only, as Vault requires; 400 otherwise), 204.
    /// </summary>
    private async Task Kv2MetadataWriteAsync(HttpContext context, string mount, string path)
    {
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject;
        }
        catch (JsonException)
        {
        }
        var custom = body?["custom_metadata"] as JsonObject;
        if (body is null || (custom is not null && custom.Any(kv => kv.Value?.GetValueKind() != JsonValueKind.String)))
        {
            await ErrorAsync(context, 400, "custom_metadata values must be strings");
            return;
        }
        lock (_gate)
        {
            var id = mount + "/" + path.Trim('/');
            if (!_kv2.TryGetValue(id, out var secret)) _kv2[id] = secret = new Kv2Secret();
            if (custom is not null)
            {
                secret.CustomMetadata.Clear();
                foreach (var (k, v) in custom) secret.CustomMetadata[k] = v!.GetValue<string>();
            }
            PublishKvEvent("kv-v2/metadata-write", mount, $"{mount}/metadata/{path.Trim('/')}", $"{mount}/data/{path.Trim('/')}");
        }
        context.Response.StatusCode = 204;
    }

    /// <summary>The KV v2 <c>custom_metadata</c> of a path (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Kv2CustomMetadata(string mount, string path)
    {
        lock (_gate)
        {
            return _kv2.TryGetValue(mount.Trim('/') + "/" + path.Trim('/'), out var s)
                ? new Dictionary<string, string>(s.CustomMetadata, StringComparer.Ordinal) : new Dictionary<string, string>();
        }
    }
}
