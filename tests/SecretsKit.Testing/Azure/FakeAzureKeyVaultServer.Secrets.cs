using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Azure;

public sealed partial class FakeAzureKeyVaultServer
{
    private sealed record SecretVersion(string Version, string Value, IReadOnlyDictionary<string, string> Tags,
        string? ContentType, bool Enabled, DateTimeOffset Created, long? Expires = null);

    /// <summary>Key Vault's limits on a secret version: tags (count, name and value length) and the content type.</summary>
    private const int MaxTags = 15, MaxTagName = 512, MaxTagValue = 256, MaxContentType = 255;

    /// <summary>Secrets per page of <c>GET /secrets</c> (Key Vault's default is 25); further pages come through <c>nextLink</c>.</summary>
    public int ListPageSize { get; set; } = 25;

    private readonly ConcurrentDictionary<string, List<SecretVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names deleted through <c>DELETE /secrets/{name}</c> (soft delete: recoverable, as with purge protection).</summary>
    public ConcurrentBag<string> DeletedSecrets { get; } = [];

    /// <summary>The latest value of a secret, or null when it does not exist.</summary>
    public string? LatestValue(string name) => FindSecret(name, "")?.Value;

    /// <summary>The tags of a secret's latest version (Key Vault keeps tags per version), or null when it does not exist.</summary>
    public IReadOnlyDictionary<string, string>? LatestTags(string name) => FindSecret(name, "")?.Tags;

    /// <summary>The content type of a secret's latest version, or null.</summary>
    public string? LatestContentType(string name) => FindSecret(name, "")?.ContentType;

    /// <summary>The <c>attributes.exp</c> (epoch seconds) of a secret's latest version, or null.</summary>
    public long? LatestExpires(string name) => FindSecret(name, "")?.Expires;

    /// <summary>How many versions a secret has (0 when it does not exist).</summary>
    public int VersionCount(string name)
    {
        if (!_secrets.TryGetValue(name, out var versions)) return 0;
        lock (versions)
        {
            return versions.Count;
        }
    }

    /// <summary>Stores a new version of a secret (as <c>PUT /secrets/{name}</c> would) and returns its version id.</summary>
    public string SetSecret(string name, string value, IReadOnlyDictionary<string, string>? tags = null,
        bool enabled = true, string? contentType = null, long? expires = null)
    {
        var version = new SecretVersion(NewVersion(), value, tags ?? new Dictionary<string, string>(), contentType, enabled, DateTimeOffset.UtcNow, expires);
        var versions = _secrets.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add(version);
        }
        return version.Version;
    }

    private async Task SecretsAsync(HttpContext context, string[] segments)
    {
        var method = context.Request.Method;
        var call = new AzureKeyVaultCall(Describe(method, segments), segments.ElementAtOrDefault(1) ?? "", 0);
        var reply = (method, segments) switch
        {
            ("GET", ["secrets"]) => ListSecretsAsync(context, call),
            ("GET", ["secrets", var name, "versions"]) => ListVersionsAsync(context, call, name),
            ("GET", ["secrets", var name, ..]) => GetSecretAsync(context, call, name, segments.Length >= 3 ? segments[2] : ""),
            ("PUT", ["secrets", var name]) => SetSecretAsync(context, call, name),
            ("DELETE", ["secrets", var name]) => DeleteSecretAsync(context, call, name),
            _ => ErrorAsync(context, call, 405, "MethodNotAllowed", "not supported by the fake"),
        };
        await reply.ConfigureAwait(false);
    }

    private Task ListSecretsAsync(HttpContext context, AzureKeyVaultCall call)
    {
        var all = _secrets.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, Latest: Latest(p.Value))).Where(p => p.Latest is not null).ToList();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var token) ? token : 0;
        var page = new JsonArray(all.Skip(skip).Take(ListPageSize)
            .Select(p => (JsonNode)Item($"{VaultUrl}/secrets/{p.Key}", p.Latest!)).ToArray());
        var next = skip + ListPageSize < all.Count
            ? $"{VaultUrl}/secrets?api-version={context.Request.Query["api-version"]}&$skiptoken={skip + ListPageSize}"
            : null;
        return OkAsync(context, call, new JsonObject { ["value"] = page, ["nextLink"] = next });
    }

    private Task ListVersionsAsync(HttpContext context, AzureKeyVaultCall call, string name)
    {
        if (!_secrets.TryGetValue(name, out var versions)) return NotFoundAsync(context, call, name);
        JsonArray list;
        lock (versions)
        {
            list = new JsonArray(versions.Select(v => (JsonNode)Item($"{VaultUrl}/secrets/{name}/{v.Version}", v)).ToArray());
        }
        return OkAsync(context, call, new JsonObject { ["value"] = list, ["nextLink"] = null });
    }

    private Task GetSecretAsync(HttpContext context, AzureKeyVaultCall call, string name, string version)
    {
        var found = FindSecret(name, version);
        if (found is null) return NotFoundAsync(context, call, name);
        if (!found.Enabled) return ErrorAsync(context, call, 403, "Forbidden", "Operation get is not allowed on a disabled secret.");
        var bundle = Item($"{VaultUrl}/secrets/{name}/{found.Version}", found);
        bundle["value"] = found.Value;
        return OkAsync(context, call, bundle);
    }

    private async Task SetSecretAsync(HttpContext context, AzureKeyVaultCall call, string name)
    {
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false))!.AsObject();
        var tags = (body["tags"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
        var contentType = body["contentType"]?.GetValue<string>();
        // Key Vault's IntDate: attributes.exp is a JSON number of seconds since the epoch
        var exp = body["attributes"]?["exp"];
        if (exp is not null && (exp.GetValueKind() != JsonValueKind.Number || !exp.AsValue().TryGetValue<long>(out _)))
        {
            await ErrorAsync(context, call, 400, "BadParameter", "Property attributes.exp has invalid value").ConfigureAwait(false);
            return;
        }
        if (tags.Count > MaxTags || tags.Any(t => t.Key.Length is 0 or > MaxTagName || t.Value.Length > MaxTagValue) || contentType?.Length > MaxContentType)
        {
            await ErrorAsync(context, call, 400, "BadParameter", "The request has too many tags, or a tag or the content type is too long.").ConfigureAwait(false);
            return;
        }
        var created = SetSecret(name, body["value"]!.GetValue<string>(), tags, contentType: contentType, expires: exp?.GetValue<long>());
        var stored = FindSecret(name, created)!;
        var reply = Item($"{VaultUrl}/secrets/{name}/{created}", stored);
        reply["value"] = stored.Value;
        await OkAsync(context, call, reply).ConfigureAwait(false);
    }

    private Task DeleteSecretAsync(HttpContext context, AzureKeyVaultCall call, string name)
    {
        if (!_secrets.TryRemove(name, out var removed))
        {
            return ErrorAsync(context, call, 404, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.");
        }
        DeletedSecrets.Add(name);
        var deleted = Item($"{VaultUrl}/secrets/{name}/{removed[^1].Version}", removed[^1]);
        deleted["recoveryId"] = $"{VaultUrl}/deletedsecrets/{name}";
        deleted["deletedDate"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        deleted["scheduledPurgeDate"] = DateTimeOffset.UtcNow.AddDays(90).ToUnixTimeSeconds();
        return OkAsync(context, call, deleted);
    }

    private Task NotFoundAsync(HttpContext context, AzureKeyVaultCall call, string name) =>
        ErrorAsync(context, call, 404, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.");

    private static SecretVersion? Latest(List<SecretVersion> versions)
    {
        lock (versions)
        {
            return versions.LastOrDefault();
        }
    }

    private SecretVersion? FindSecret(string name, string version)
    {
        if (!_secrets.TryGetValue(name, out var versions))
        {
            return null;
        }
        lock (versions)
        {
            return version.Length == 0 ? versions.LastOrDefault() : versions.FirstOrDefault(v => v.Version == version);
        }
    }

    private static JsonObject Item(string id, SecretVersion version)
    {
        var attributes = Attributes(version.Created, version.Enabled);
        if (version.Expires is { } expires) attributes["exp"] = expires;
        var item = new JsonObject { ["id"] = id, ["attributes"] = attributes };
        if (version.ContentType is not null)
        {
            item["contentType"] = version.ContentType;
        }
        if (version.Tags.Count > 0)
        {
            item["tags"] = new JsonObject(version.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
        }
        return item;
    }
}
