using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Generators.Grafana;

/// <summary>
/// The calls of Grafana's service account HTTP API the <c>Grafana</c> generator makes, under <c>{url}/api</c>:
/// <c>GET serviceaccounts/search?query=</c> (200), <c>POST serviceaccounts</c> (201),
/// <c>POST serviceaccounts/{id}/tokens</c> (200) and, to clean up, <c>DELETE serviceaccounts/{id}/tokens/{tokenId}</c>
/// (200; a 404 saying the service account or token is not found = already gone), each with the generator's credentials (<c>Authorization: Bearer</c> or
/// <c>Basic</c>). The url is tenant-written: the calls go through <see cref="TenantHostClient"/> (no redirects, no proxy,
/// link-local addresses refused at connect time, loopback allowed as ESO does), answers read up to 1 MiB, 10 s per call.
/// </summary>
internal sealed class GrafanaApi : IDisposable
{
    private readonly TenantHostClient _http = new(TenantHostPolicy.LinkLocalRefused, TimeSpan.FromSeconds(10), TenantHostCall.MaxResponseBytes);
    private readonly Uri _api;
    private readonly AuthenticationHeaderValue _auth;
    private readonly GeneratorCall _call;

    public GrafanaApi(GeneratorCall call, Uri url, AuthenticationHeaderValue auth)
    {
        _call = call;
        _auth = auth;
        _api = TenantUrl.Append(url, "api/");
    }

    /// <summary>The id and login of the service account named exactly <paramref name="name"/>, or null.</summary>
    public async Task<(long Id, string Login)?> FindServiceAccountAsync(string name, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Get, "serviceaccounts/search?query=" + Uri.EscapeDataString(name), null, 200, "search service accounts", ct);
        foreach (var account in Json.Objects(body["serviceAccounts"]))
        {
            if (Json.Str(account["name"]) == name) return Account(account, "search service accounts");
        }
        return null;
    }

    public async Task<(long Id, string Login)> CreateServiceAccountAsync(string name, string role, CancellationToken ct)
    {
        var form = new JsonObject { ["name"] = name };
        if (role.Length > 0) form["role"] = role;
        var body = await SendAsync(HttpMethod.Post, "serviceaccounts", form, 201, "create service account", ct);
        return Account(body, "create service account");
    }

    /// <summary>A new token of service account <paramref name="id"/>: its id and its key (the secret).</summary>
    public async Task<(long Id, string Key)> CreateTokenAsync(long id, string tokenName, long? secondsToLive, CancellationToken ct)
    {
        var command = new JsonObject { ["name"] = tokenName };
        if (secondsToLive is { } ttl) command["secondsToLive"] = ttl;
        var body = await SendAsync(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"serviceaccounts/{id}/tokens"), command, 200, "create token", ct);
        var key = Json.Str(body["key"]) is { Length: > 0 } k ? k : throw _call.Fail("create token: the response has no key");
        return body["id"] is JsonValue v && v.TryGetValue<long>(out var tokenId) ? (tokenId, key) : throw _call.Fail("create token: the response has no token id");
    }

    /// <summary>
    /// Deletes token <paramref name="tokenId"/> of service account <paramref name="id"/>; one already gone is no error (a 404
    /// whose message says the service account or its token is not found, as ESO matches it; any other 404, a wrong url
    /// say, is an error, so the state is kept).
    /// </summary>
    public Task DeleteTokenAsync(long id, long tokenId, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, string.Create(CultureInfo.InvariantCulture, $"serviceaccounts/{id}/tokens/{tokenId}"), null, 200, "delete token", ct, gone: 404);

    private (long Id, string Login) Account(JsonObject account, string what) =>
        account["id"] is JsonValue v && v.TryGetValue<long>(out var id) && Json.Str(account["login"]) is { } login
            ? (id, login)
            : throw _call.Fail($"{what}: the response has no service account id and login");

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? json, int expected, string what, CancellationToken ct, int gone = 0)
    {
        using var request = new HttpRequestMessage(method, new Uri(_api, path));
        request.Headers.Authorization = _auth;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null) request.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        var reply = await TenantHostCall.ReplyAsync(_call, _http, request, what + ": ", "", ct);
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(reply.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
        }
        if (reply.Code != expected)
        {
            if (gone != 0 && reply.Code == gone && Json.Str((body as JsonObject)?["message"]) is { } said
                && said.StartsWith("service account", StringComparison.OrdinalIgnoreCase) && said.EndsWith("not found", StringComparison.OrdinalIgnoreCase))
            {
                return [];
            }
            var message = Json.Str((body as JsonObject)?["message"]) is { Length: > 0 } m ? ": " + Echo.Bounded(m) : "";
            throw _call.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}: Grafana answered {reply.Code} {reply.Reason}{message}"));
        }
        return body as JsonObject ?? throw _call.Fail($"{what}: the response is not a JSON object");
    }

    public void Dispose() => _http.Dispose();
}
