using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

public sealed partial class FakeGcpSecretManagerServer
{
    private static bool TryParse(string path, out FakeGcpSecretManagerRoute route)
    {
        route = null!;
        if (!path.StartsWith("/v1/projects/", StringComparison.Ordinal)) return false;
        var rest = path["/v1/".Length..];
        string? verb = null;
        var colon = rest.LastIndexOf(':');
        if (colon > 0)
        {
            verb = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        var parts = rest.Split('/');
        string? location = null;
        var i = 2;
        if (parts.Length > 3 && parts[2] == "locations")
        {
            location = parts[3];
            i = 4;
        }
        if (parts.Length <= i || parts[i] != "secrets") return false;
        var secret = parts.Length > i + 1 ? parts[i + 1] : null;
        string? version = null;
        if (parts.Length > i + 2)
        {
            if (parts.Length != i + 4 || parts[i + 2] != "versions") return false;
            version = parts[i + 3];
        }
        var valid = (secret, version, verb) switch
        {
            (null, null, null) => true,
            (not null, null, null or "addVersion") => true,
            (not null, not null, "access") => true,
            _ => false,
        };
        route = new FakeGcpSecretManagerRoute(parts[1], location, secret, version, verb);
        return valid;
    }

    private async Task DispatchAsync(HttpContext context, FakeGcpSecretManagerRoute route, GcpSecretManagerCall call)
    {
        var method = context.Request.Method;
        var secret = route.SecretId is null ? null : Find(route.SecretId, route.Location);
        switch (call.Operation)
        {
            case "list" when method == "GET":
                await ListAsync(context, route, call).ConfigureAwait(false);
                return;
            case "create" when method == "POST":
                await CreateAsync(context, route, call).ConfigureAwait(false);
                return;
            case "access" or "get" when method == "GET" || secret is null:
            case "addVersion" when method == "POST" || secret is null:
            case "update":
            case "delete" when secret is null:
                if (secret is null)
                {
                    await ErrorAsync(context, call, 404, "NOT_FOUND", $"Secret [{route.SecretId}] not found or has no versions.").ConfigureAwait(false);
                    return;
                }
                break;
            case "delete":
                _secrets.TryRemove(Key(route.Location, route.SecretId!), out _);
                await OkAsync(context, call, new JsonObject()).ConfigureAwait(false);
                return;
            default:
                await ErrorAsync(context, call, 405, "METHOD_NOT_ALLOWED", "method not allowed").ConfigureAwait(false);
                return;
        }
        if (call.Operation == "access") await AccessAsync(context, route, secret, call).ConfigureAwait(false);
        else if (call.Operation == "update") await UpdateAsync(context, route, secret, call).ConfigureAwait(false);
        else if (call.Operation == "addVersion") await AddVersionAsync(context, route, secret, call).ConfigureAwait(false);
        else await OkAsync(context, call, Describe(route.SecretId!, secret)).ConfigureAwait(false);
    }

    private async Task AccessAsync(HttpContext context, FakeGcpSecretManagerRoute route, FakeGcpSecret secret, GcpSecretManagerCall call)
    {
        byte[]? data;
        int number;
        lock (secret)
        {
            number = route.Version == "latest" ? secret.Versions.Count : int.TryParse(route.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
            data = number >= 1 && number <= secret.Versions.Count ? secret.Versions[number - 1] : null;
        }
        if (number < 0 && route.Version != "latest")
        {
            await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", "Invalid resource field value in the request.").ConfigureAwait(false);
            return;
        }
        if (data is null)
        {
            await ErrorAsync(context, call, 404, "NOT_FOUND", $"Secret Version [{Name(secret, route.SecretId!)}/versions/{route.Version}] not found.").ConfigureAwait(false);
            return;
        }
        await OkAsync(context, call, new JsonObject
        {
            ["name"] = $"{Name(secret, route.SecretId!)}/versions/{number}",
            ["payload"] = new JsonObject { ["data"] = Convert.ToBase64String(data), ["dataCrc32c"] = Crc32C(data).ToString(CultureInfo.InvariantCulture) },
        }).ConfigureAwait(false);
    }

    private async Task AddVersionAsync(HttpContext context, FakeGcpSecretManagerRoute route, FakeGcpSecret secret, GcpSecretManagerCall call)
    {
        if (await ReadBodyAsync(context, call, ["payload"]).ConfigureAwait(false) is not { } body) return;
        var payload = body["payload"] as JsonObject;
        if (payload is null || payload.Any(p => p.Key is not ("data" or "dataCrc32c")) || payload["data"] is null)
        {
            await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", "Invalid JSON payload received: payload.data is required.").ConfigureAwait(false);
            return;
        }
        var data = Convert.FromBase64String(payload["data"]!.GetValue<string>());
        if (payload["dataCrc32c"]?.GetValue<string>() is { } crc && crc != Crc32C(data).ToString(CultureInfo.InvariantCulture))
        {
            await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", "Checksum mismatch: the data does not match dataCrc32c.").ConfigureAwait(false);
            return;
        }
        int number;
        lock (secret)
        {
            secret.Versions.Add(data);
            number = secret.Versions.Count;
        }
        await OkAsync(context, call, new JsonObject { ["name"] = $"{Name(secret, route.SecretId!)}/versions/{number}", ["state"] = "ENABLED" }).ConfigureAwait(false);
    }

    private async Task CreateAsync(HttpContext context, FakeGcpSecretManagerRoute route, GcpSecretManagerCall call)
    {
        var id = context.Request.Query["secretId"].ToString();
        call = call with { SecretId = id };
        if (await ReadBodyAsync(context, call, ["replication", "labels", "annotations", "topics", "customerManagedEncryption"]).ConfigureAwait(false) is not { } body) return;
        var why = id.Length == 0 ? "secretId is required"
            : route.Location is null && body["replication"] is not JsonObject ? "Secret.replication is required"
            : route.Location is not null && body["replication"] is not null ? "regional secrets take no replication"
            : route.Location is null && body["customerManagedEncryption"] is not null ? "customerManagedEncryption is for regional secrets; set it on the replication"
            : body["replication"] is JsonObject r ? FakeGcpSecretRules.Replication(r) : null;
        why ??= FakeGcpSecretRules.Cmek(body["customerManagedEncryption"])
            ?? FakeGcpSecretRules.Labels(body["labels"], out _) ?? FakeGcpSecretRules.Annotations(body["annotations"], out _) ?? FakeGcpSecretRules.Topics(body["topics"], out _);
        if (why is not null)
        {
            await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", why).ConfigureAwait(false);
            return;
        }
        FakeGcpSecretRules.Labels(body["labels"], out var labels);
        FakeGcpSecretRules.Annotations(body["annotations"], out var annotations);
        FakeGcpSecretRules.Topics(body["topics"], out var topics);
        var secret = new FakeGcpSecret(route.Location, labels)
        {
            Annotations = annotations,
            Replication = body["replication"]?.DeepClone() as JsonObject,
            KmsKeyName = body["customerManagedEncryption"]?["kmsKeyName"]?.GetValue<string>(),
        };
        secret.Topics.AddRange(topics);
        if (!_secrets.TryAdd(Key(route.Location, id), secret))
        {
            await ErrorAsync(context, call, 409, "ALREADY_EXISTS", $"Secret [{Name(secret, id)}] already exists.").ConfigureAwait(false);
            return;
        }
        await OkAsync(context, call, Describe(id, secret)).ConfigureAwait(false);
    }

    /// <summary><c>PATCH</c> of a secret: only the fields named by <c>updateMask</c> (here <c>labels</c>, <c>annotations</c>) change; the mask is required.</summary>
    private async Task UpdateAsync(HttpContext context, FakeGcpSecretManagerRoute route, FakeGcpSecret secret, GcpSecretManagerCall call)
    {
        var mask = context.Request.Query["updateMask"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (mask.Length == 0 || mask.Any(m => m is not ("labels" or "annotations")))
        {
            await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", "updateMask must name labels and/or annotations (the fields this fake updates).").ConfigureAwait(false);
            return;
        }
        if (await ReadBodyAsync(context, call, ["labels", "annotations"]).ConfigureAwait(false) is not { } body) return;
        var badLabels = FakeGcpSecretRules.Labels(body["labels"], out var labels);
        var badAnnotations = FakeGcpSecretRules.Annotations(body["annotations"], out var annotations);
        if ((badLabels ?? badAnnotations) is { } bad)
        {
            await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", bad).ConfigureAwait(false);
            return;
        }
        lock (secret)
        {
            if (mask.Contains("labels")) secret.Labels = labels;
            if (mask.Contains("annotations")) secret.Annotations = annotations;
        }
        await OkAsync(context, call, Describe(route.SecretId!, secret)).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context, FakeGcpSecretManagerRoute route, GcpSecretManagerCall call)
    {
        var filter = context.Request.Query["filter"].ToString();
        var terms = filter.Length == 0 ? [] : filter.Split(" AND ", StringSplitOptions.TrimEntries);
        if (terms.Any(t => !(t.StartsWith("labels.", StringComparison.Ordinal) && t.Contains('=', StringComparison.Ordinal)) && !t.StartsWith("name:", StringComparison.Ordinal)))
        {
            await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", "Invalid filter.").ConfigureAwait(false);
            return;
        }
        var matches = _secrets.Where(kv => kv.Value.Location == route.Location)
            .Select(kv => (Id: kv.Key[(kv.Key.IndexOf('/', StringComparison.Ordinal) + 1)..], Secret: kv.Value))
            .Where(s => terms.All(t => Matches(t, s.Id, s.Secret))).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var start = int.TryParse(context.Request.Query["pageToken"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var token) ? token : 0;
        var page = matches.Skip(start).Take(ListPageSize).Select(s => (JsonNode)Describe(s.Id, s.Secret)).ToArray();
        var reply = new JsonObject { ["secrets"] = new JsonArray(page), ["totalSize"] = matches.Count };
        if (start + ListPageSize < matches.Count) reply["nextPageToken"] = (start + ListPageSize).ToString(CultureInfo.InvariantCulture);
        await OkAsync(context, call, reply).ConfigureAwait(false);
    }

    private static bool Matches(string term, string id, FakeGcpSecret secret)
    {
        if (term.StartsWith("name:", StringComparison.Ordinal)) return id.StartsWith(term[5..], StringComparison.Ordinal);
        var eq = term.IndexOf('=', StringComparison.Ordinal);
        return secret.Labels.TryGetValue(term[7..eq], out var v) && v == term[(eq + 1)..];
    }

    private static JsonObject Describe(string id, FakeGcpSecret secret)
    {
        var result = new JsonObject { ["name"] = Name(secret, id), ["labels"] = Map(secret.Labels), ["createTime"] = "2026-01-01T00:00:00Z" };
        if (secret.Annotations.Count > 0) result["annotations"] = Map(secret.Annotations);
        if (secret.Topics.Count > 0) result["topics"] = new JsonArray([.. secret.Topics.Select(t => (JsonNode)new JsonObject { ["name"] = t })]);
        if (secret.Location is null) result["replication"] = secret.Replication?.DeepClone() ?? new JsonObject { ["automatic"] = new JsonObject() };
        if (secret.KmsKeyName is not null) result["customerManagedEncryption"] = new JsonObject { ["kmsKeyName"] = secret.KmsKeyName };
        return result;
    }

    private static JsonObject Map(Dictionary<string, string> map) => new(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    /// <summary>The JSON body, or null after a 400 for malformed JSON or a field the API does not know.</summary>
    private async Task<JsonObject?> ReadBodyAsync(HttpContext context, GcpSecretManagerCall call, string[] known)
    {
        try
        {
            if (JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false)) is JsonObject body)
            {
                if (body.FirstOrDefault(p => !known.Contains(p.Key)).Key is not { } unknown) return body;
                await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", $"Invalid JSON payload received. Unknown name \"{unknown}\": Cannot find field.").ConfigureAwait(false);
                return null;
            }
        }
        catch (JsonException)
        {
        }
        await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.").ConfigureAwait(false);
        return null;
    }

    /// <summary>CRC-32C computed bit by bit (independent of the client's table).</summary>
    private static uint Crc32C(byte[] data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
