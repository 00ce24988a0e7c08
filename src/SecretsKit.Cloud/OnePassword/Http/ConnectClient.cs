using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.OnePassword.Http;

/// <summary>
/// The 1Password Connect server's REST API as ESO's client (connect-sdk-go) calls it: a vault is found by its id
/// (26 lowercase letters and digits) or by <c>filter=title eq "…"</c>, items by id, by title filter or listed; files
/// through their <c>content_path</c>; items created (POST), replaced (PUT) and deleted (DELETE), every request with the
/// store's bearer token. Errors read the server's <c>{"status":…,"message":…}</c> and read as ESO's
/// (<c>status 401: …</c>); a 403 "Authorization" answer is tried again up to three times, as ESO does. The host comes
/// from the store, so the calls go through <see cref="TenantHostClient"/>: no redirects, no proxy, link-local addresses
/// refused (a Connect server often runs beside the agent, so loopback stays allowed), only the host's own paths
/// requested, answers read up to 4 MiB, 30 s per call.
/// </summary>
internal sealed partial class ConnectClient : IDisposable
{
    private const int MaxResponseBytes = 4 << 20;
    private readonly TenantHostClient _http = new(TenantHostPolicy.LinkLocalRefused, TimeSpan.FromSeconds(30), MaxResponseBytes);
    private readonly Uri _host;
    private readonly string _base;
    private readonly string _token;

    /// <summary>A client of the server at <paramref name="host"/> (its path, if any, prefixes every API path, as in ESO).</summary>
    public ConnectClient(Uri host, string token)
    {
        _host = host;
        _base = host.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _token = token;
    }

    [GeneratedRegex("^[a-z0-9]{26}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>Whether <paramref name="text"/> has the form of a Connect id (vault or item).</summary>
    public static bool IsId(string text) => IdPattern().IsMatch(text);

    public async Task<JsonObject> GetVaultAsync(string query, CancellationToken ct)
    {
        if (IsId(query)) return (JsonObject)(await SendAsync(HttpMethod.Get, $"/v1/vaults/{query}", null, HttpStatusCode.OK, ct))!;
        var vaults = await ListAsync($"/v1/vaults?filter={Filter("title", query)}", ct);
        return vaults.Count == 1 ? vaults[0] : throw new ConnectException($"Found {vaults.Count} vaults with title {GoQuote(query)}");
    }

    public async Task<string> VaultIdAsync(string query, CancellationToken ct) =>
        IsId(query) ? query : SpecJson.Str((await GetVaultAsync(query, ct))["id"]) ?? "";

    public Task<List<JsonObject>> ItemsByTitleAsync(string title, string vaultId, CancellationToken ct) =>
        ListAsync($"/v1/vaults/{Segment(vaultId)}/items?filter={Filter("title", title)}", ct);

    public Task<List<JsonObject>> ItemsAsync(string vaultId, CancellationToken ct) => ListAsync($"/v1/vaults/{Segment(vaultId)}/items", ct);

    public async Task<JsonObject> ItemAsync(string id, string vaultId, CancellationToken ct) =>
        (JsonObject)(await SendAsync(HttpMethod.Get, $"/v1/vaults/{Segment(vaultId)}/items/{Segment(id)}", null, HttpStatusCode.OK, ct))!;

    /// <summary>An item by id, or (as connect-sdk-go's GetItem) by title when that fails: exactly one item must carry it.</summary>
    public async Task<JsonObject> ItemByIdOrTitleAsync(string query, string vaultId, CancellationToken ct)
    {
        try
        {
            return await ItemAsync(query, vaultId, ct);
        }
        catch (ConnectException)
        {
            var items = await ItemsByTitleAsync(query, vaultId, ct);
            return items.Count == 1 ? items[0] : throw new ConnectException($"Found {items.Count} item(s) in vault {GoQuote(vaultId)} with title {GoQuote(query)}");
        }
    }

    public async Task<byte[]> FileContentAsync(JsonObject file, CancellationToken ct)
    {
        var path = SpecJson.Str(file["content_path"]) ?? "";
        // the path comes from the server's answer: only this host's own API paths are followed
        if (!path.StartsWith("/v1/vaults/", StringComparison.Ordinal) || path.Contains("..", StringComparison.Ordinal) || path.Contains("//", StringComparison.Ordinal))
        {
            throw new ConnectException($"file {Echo.Bounded(SpecJson.Str(file["name"]))} has no content path on this server");
        }
        var reply = await RequestAsync(HttpMethod.Get, path, null, ct);
        return reply.Status == HttpStatusCode.OK ? reply.Body : throw Error(reply.Status, reply.Body);
    }

    public async Task CreateItemAsync(JsonObject item, string vaultQuery, CancellationToken ct)
    {
        var vaultId = await VaultIdAsync(vaultQuery, ct);
        item["vault"] = new JsonObject { ["id"] = vaultId };
        await SendAsync(HttpMethod.Post, $"/v1/vaults/{Segment(vaultId)}/items", item, HttpStatusCode.OK, ct);
    }

    public Task UpdateItemAsync(JsonObject item, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, ItemPath(item), item, HttpStatusCode.OK, ct);

    public Task DeleteItemAsync(JsonObject item, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, ItemPath(item), null, HttpStatusCode.NoContent, ct);

    private static string ItemPath(JsonObject item) =>
        $"/v1/vaults/{Segment(SpecJson.Str(item["vault"]?["id"]) ?? "")}/items/{Segment(SpecJson.Str(item["id"]) ?? "")}";

    private async Task<List<JsonObject>> ListAsync(string path, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, ct)) is JsonArray a ? [.. a.OfType<JsonObject>()] : [];

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, HttpStatusCode expected, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reply = await RequestAsync(method, path, body, ct);
            if (reply.Status == expected) return expected == HttpStatusCode.NoContent ? null : Parse(reply.Body);
            var error = Error(reply.Status, reply.Body);
            // ESO retries Connect's transient "403 Authorization" answers (three tries, 100 ms apart and growing)
            if (attempt < 3 && error is { Status: 403, ServerMessage: { } said } && said.StartsWith("Authorization", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
                continue;
            }
            throw error;
        }
    }

    private async Task<TenantReply> RequestAsync(HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base + path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
        request.Headers.UserAgent.ParseAdd("external-secrets");
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            return await _http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new ConnectException($"{method} {_host.GetLeftPart(UriPartial.Authority)}: {Echo.Bounded(e.Message)}");
        }
        catch (ResponseTooLargeException e)
        {
            throw new ConnectException($"the Connect server's answer is larger than {e.LimitText}");
        }
    }

    private static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new ConnectException($"decoding response: {Echo.Bounded(e.Message)}");
        }
    }

    /// <summary>connect-sdk-go's error: the server's JSON <c>status</c> and <c>message</c>, or the status text when the body is not JSON.</summary>
    private static ConnectException Error(HttpStatusCode status, byte[] body)
    {
        int code = (int)status;
        string message;
        try
        {
            var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 8 }) as JsonObject;
            code = node?["status"] is JsonValue s && s.TryGetValue<int>(out var n) ? n : 0;
            message = SpecJson.Str(node?["message"]) ?? "";
        }
        catch (JsonException)
        {
            message = ReasonPhrase(status);
        }
        return new ConnectException($"status {code}: {Echo.Bounded(message)}") { Status = code, ServerMessage = Echo.Bounded(message) };
    }

    private static string ReasonPhrase(HttpStatusCode status)
    {
        using var response = new HttpResponseMessage(status);
        return response.ReasonPhrase ?? "";
    }

    /// <summary>Go's url.QueryEscape of <c>{attribute} eq "{value}"</c>, as connect-sdk-go builds its filters.</summary>
    private static string Filter(string attribute, string value) => WebUtility.UrlEncode($"{attribute} eq \"{value}\"");

    private static string Segment(string id) => Uri.EscapeDataString(id);

    /// <summary>Go's %q for the plain strings vault and item names are.</summary>
    public static string GoQuote(string s) => "\"" + Echo.Bounded(s).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public void Dispose() => _http.Dispose();
}
