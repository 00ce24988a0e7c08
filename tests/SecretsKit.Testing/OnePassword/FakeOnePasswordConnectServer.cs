using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.OnePassword;

/// <summary>
/// A 1Password Connect server (API v1) as strict as the real one about what ESO's client sends: every request needs
/// <c>Authorization: Bearer &lt;token&gt;</c> (else 401 <c>{"status":401,"message":…}</c>); vaults are listed, filtered
/// with <c>name eq "…"</c> or <c>title eq "…"</c> and read by id; items are listed as summaries (no fields, sections or
/// files), filtered with <c>title eq "…"</c> or <c>tag eq "…"</c> (any other filter is 400), read in full by id, created
/// (POST: 200 with ids given to the item and its fields, version 1), replaced (PUT: the body's id and vault must be the
/// path's, a stale <c>version</c> is 409, the version grows) and deleted (204). File contents are served at their
/// <c>content_path</c>. Unknown vaults and items are 404 in the same error shape. Ids are 26 lowercase letters and digits.
/// </summary>
public sealed partial class FakeOnePasswordConnectServer : FakeHttpServer
{
    private readonly Lock _gate = new();
    private readonly List<(string Id, string Name)> _vaults = [];
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _contents = new(StringComparer.Ordinal);
    private int _ids;

    private FakeOnePasswordConnectServer(string token) => Token = token;

    /// <summary>The Connect token every request must carry.</summary>
    public string Token { get; }

    public static async Task<FakeOnePasswordConnectServer> StartAsync(string token = "connect-token")
    {
        var server = new FakeOnePasswordConnectServer(token);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Adds a vault and returns its id.</summary>
    public string AddVault(string name)
    {
        lock (_gate)
        {
            var id = NewId('v');
            _vaults.Add((id, name));
            return id;
        }
    }

    /// <summary>
    /// Adds an item to the vault named <paramref name="vault"/>: fields as (label, value, section label or null), files as
    /// (name, content); returns its id.
    /// </summary>
    public string AddItem(string vault, string title, string category = "LOGIN", IEnumerable<(string Label, string Value, string? Section)>? fields = null,
        IEnumerable<string>? tags = null, IEnumerable<(string Name, byte[] Content)>? files = null)
    {
        lock (_gate)
        {
            var vaultId = _vaults.Single(v => v.Name == vault).Id;
            var itemId = NewId('i');
            var sections = new JsonArray();
            var fieldArray = new JsonArray();
            foreach (var (label, value, section) in fields ?? [])
            {
                var field = new JsonObject { ["id"] = NewId('f'), ["type"] = label == "password" ? "CONCEALED" : "STRING", ["label"] = label, ["value"] = value };
                if (label == "password") field["purpose"] = "PASSWORD";
                if (section is not null)
                {
                    var existing = sections.OfType<JsonObject>().FirstOrDefault(s => s["label"]!.GetValue<string>() == section);
                    if (existing is null) sections.Add((JsonNode)(existing = new JsonObject { ["id"] = NewId('s'), ["label"] = section }));
                    field["section"] = new JsonObject { ["id"] = existing["id"]!.GetValue<string>() };
                }
                fieldArray.Add((JsonNode)field);
            }
            var fileArray = new JsonArray();
            foreach (var (name, content) in files ?? [])
            {
                var fileId = NewId('d');
                var path = $"/v1/vaults/{vaultId}/items/{itemId}/files/{fileId}/content";
                _contents[path] = content;
                fileArray.Add((JsonNode)new JsonObject { ["id"] = fileId, ["name"] = name, ["size"] = content.Length, ["content_path"] = path });
            }
            var item = new JsonObject
            {
                ["id"] = itemId, ["title"] = title, ["vault"] = new JsonObject { ["id"] = vaultId }, ["category"] = category,
                ["version"] = 1, ["tags"] = new JsonArray([.. (tags ?? []).Select(t => (JsonNode)JsonValue.Create(t))]),
                ["fields"] = fieldArray,
            };
            if (sections.Count > 0) item["sections"] = sections;
            if (fileArray.Count > 0) item["files"] = fileArray;
            _items[Key(vaultId, itemId)] = item;
            return itemId;
        }
    }

    /// <summary>The stored item (a copy) titled <paramref name="title"/> in the vault named <paramref name="vault"/>, or null.</summary>
    public JsonObject? Item(string vault, string title)
    {
        lock (_gate)
        {
            var vaultId = _vaults.Single(v => v.Name == vault).Id;
            return (JsonObject?)_items.Values.FirstOrDefault(i => i["vault"]!["id"]!.GetValue<string>() == vaultId && i["title"]!.GetValue<string>() == title)?.DeepClone();
        }
    }

    private string NewId(char prefix) => prefix + (++_ids).ToString("D25", CultureInfo.InvariantCulture);

    private static string Key(string vaultId, string itemId) => vaultId + "/" + itemId;

    [GeneratedRegex("""^(?<attr>[a-z]+) eq "(?<value>(?:[^"\\]|\\.)*)"$""", RegexOptions.CultureInvariant)]
    private static partial Regex FilterPattern();

    protected override string OperationOf(HttpContext context)
    {
        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        var shape = parts.Length switch
        {
            2 => "vaults",
            3 => "vault",
            4 => "items",
            5 => "item",
            8 when parts[5] == "files" && parts[7] == "content" => "file-content",
            _ => "unknown",
        };
        return $"{context.Request.Method} {shape}";
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await ErrorAsync(context, 401, "Invalid token signature");
            return;
        }
        if (await TryApplyFaultAsync(context, operation)) return;
        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        if (parts.Length < 2 || parts[0] != "v1" || parts[1] != "vaults")
        {
            await ErrorAsync(context, 404, "Invalid request path");
            return;
        }
        var body = await ReadBodyAsync(context);
        (int Status, byte[] Body, string Type) answer;
        lock (_gate)
        {
            answer = Answer(context, operation, parts, body);
        }
        context.Response.StatusCode = answer.Status;
        if (answer.Status == 204) return;
        context.Response.ContentType = answer.Type;
        await context.Response.Body.WriteAsync(answer.Body);
    }

    private (int, byte[], string) Answer(HttpContext context, string operation, string[] parts, string body)
    {
        var filter = context.Request.Query["filter"].ToString();
        string? attr = null, value = null;
        if (filter.Length > 0)
        {
            var m = FilterPattern().Match(filter);
            if (!m.Success) return Error(400, "Invalid filter");
            attr = m.Groups["attr"].Value;
            value = Regex.Unescape(m.Groups["value"].Value);
        }
        if (operation == "GET vaults")
        {
            if (attr is not (null or "name" or "title")) return Error(400, "Invalid filter");
            var list = new JsonArray([.. _vaults.Where(v => value is null || v.Name == value).Select(v => (JsonNode)Vault(v))]);
            return Json(200, list);
        }
        var vaultId = parts[2];
        var vault = _vaults.FirstOrDefault(v => v.Id == vaultId);
        if (vault.Id is null) return Error(404, $"vault {vaultId} not found");
        switch (operation)
        {
            case "GET vault":
                return Json(200, Vault(vault));
            case "GET items":
                if (attr is not (null or "title" or "tag")) return Error(400, "Invalid filter");
                var items = _items.Values.Where(i => i["vault"]!["id"]!.GetValue<string>() == vaultId)
                    .Where(i => attr is null
                        || (attr == "title" && i["title"]!.GetValue<string>() == value)
                        || (attr == "tag" && i["tags"]!.AsArray().Any(t => t!.GetValue<string>() == value)))
                    .Select(i => (JsonNode)Summary(i));
                return Json(200, new JsonArray([.. items]));
            case "POST items":
                return Create(vaultId, body);
        }
        var itemId = parts[4];
        if (!_items.TryGetValue(Key(vaultId, itemId), out var item)) return Error(404, $"item {itemId} not found");
        switch (operation)
        {
            case "GET item":
                return Json(200, item);
            case "PUT item":
                return Replace(vaultId, itemId, item, body);
            case "DELETE item":
                _items.Remove(Key(vaultId, itemId));
                return (204, [], "");
            case "GET file-content":
                if (!_contents.TryGetValue(context.Request.Path.Value!, out var content)) return Error(404, "file not found");
                return (200, content, "application/octet-stream");
            default:
                return Error(405, "method not allowed");
        }
    }

    private (int, byte[], string) Create(string vaultId, string body)
    {
        if (Parse(body) is not { } item) return Error(400, "Invalid item body");
        if (item["category"] is null) return Error(400, "Item category is required");
        if (!TagsValid(item)) return Error(400, "Invalid item body: tags must be a list of strings");
        if (item["vault"]?["id"]?.GetValue<string>() is { } bodyVault && bodyVault != vaultId) return Error(400, "vault id of the item does not match the path");
        var itemId = NewId('i');
        item["id"] = itemId;
        item["vault"] = new JsonObject { ["id"] = vaultId };
        item["version"] = 1;
        item["tags"] ??= new JsonArray();
        foreach (var field in (item["fields"] as JsonArray ?? []).OfType<JsonObject>()) field["id"] ??= NewId('f');
        _items[Key(vaultId, itemId)] = item;
        return Json(200, item);
    }

    private (int, byte[], string) Replace(string vaultId, string itemId, JsonObject current, string body)
    {
        if (Parse(body) is not { } item) return Error(400, "Invalid item body");
        if (item["id"]?.GetValue<string>() != itemId || item["vault"]?["id"]?.GetValue<string>() != vaultId) return Error(400, "item and vault ids must match the path");
        if (!TagsValid(item)) return Error(400, "Invalid item body: tags must be a list of strings");
        var version = current["version"]!.GetValue<int>();
        if (item["version"] is JsonValue v && v.GetValue<int>() != version) return Error(409, $"item version {v.GetValue<int>()} is stale, the item is at version {version}");
        item["version"] = version + 1;
        item["tags"] ??= new JsonArray();
        foreach (var field in (item["fields"] as JsonArray ?? []).OfType<JsonObject>()) field["id"] ??= NewId('f');
        // the files stay the server's: a PUT cannot add or rewrite them
        if (current["files"] is JsonArray files) item["files"] = files.DeepClone();
        else item.Remove("files");
        _items[Key(vaultId, itemId)] = item;
        return Json(200, item);
    }

    private static bool TagsValid(JsonObject item) =>
        item["tags"] is null || item["tags"] is JsonArray tags && tags.All(t => t is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String);

    private static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Vault((string Id, string Name) v) => new() { ["id"] = v.Id, ["name"] = v.Name, ["type"] = "USER_CREATED" };

    /// <summary>A listed item: what Connect returns in lists (no fields, sections or files).</summary>
    private static JsonObject Summary(JsonObject item)
    {
        var copy = (JsonObject)item.DeepClone();
        copy.Remove("fields");
        copy.Remove("sections");
        copy.Remove("files");
        return copy;
    }

    private static (int, byte[], string) Json(int status, JsonNode node) => (status, Encoding.UTF8.GetBytes(node.ToJsonString()), "application/json");

    private static (int, byte[], string) Error(int status, string message) => Json(status, new JsonObject { ["status"] = status, ["message"] = message });

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["status"] = status, ["message"] = message }.ToJsonString());

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) => ErrorAsync(context, fault.Status, fault.Kind.ToString());
}
