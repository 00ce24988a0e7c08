using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Grafana;

/// <summary>
/// A wire-level fake of Grafana's service account HTTP API on 127.0.0.1, served under <see cref="PathPrefix"/> (a
/// Grafana behind a sub-path) + <c>/api</c>: <c>GET serviceaccounts/search</c> (<c>query</c> matched as a
/// case-insensitive substring of name or login, <c>perpage</c> default 1000, <c>page</c> default 1), <c>POST
/// serviceaccounts</c> (201; name required and unique, role one of None/Viewer/Editor/Admin, default Viewer) and
/// <c>POST serviceaccounts/{id}/tokens</c> (200 with the new token's key; name required and unique per account,
/// <c>secondsToLive</c> not negative) and <c>DELETE serviceaccounts/{id}/tokens/{tokenId}</c> (200; 404 "service account
/// token not found" for a token that is not the account's). Callers authenticate with a Bearer token of a service account or Basic auth of
/// a user (<see cref="AddUser"/>); only the Admin role may read or write service accounts (403 otherwise, 401 for
/// unknown credentials). A JSON body must be sent as <c>application/json</c> and may carry only the API's fields.
/// Operations <c>search</c>, <c>create-service-account</c>, <c>create-token</c>, <c>delete-token</c>.
/// </summary>
public sealed partial class FakeGrafanaServer : FakeHttpServer
{
    private static readonly string[] Roles = ["None", "Viewer", "Editor", "Admin"];
    private static readonly string[] AccountFields = ["name", "role", "isDisabled"];
    private static readonly string[] TokenFields = ["name", "secondsToLive"];

    private readonly Lock _gate = new();
    private readonly List<FakeGrafanaServiceAccount> _accounts = [];
    private readonly List<FakeGrafanaToken> _tokens = [];
    private readonly List<FakeGrafanaToken> _deleted = [];
    private readonly Dictionary<string, (string Password, string Role)> _users = new(StringComparer.Ordinal);

    private FakeGrafanaServer(string prefix) => PathPrefix = prefix;

    /// <summary>Starts the fake, serving the API under <c>{prefix}/api</c>.</summary>
    public static async Task<FakeGrafanaServer> StartAsync(string prefix = "")
    {
        var server = new FakeGrafanaServer(prefix.TrimEnd('/'));
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The path Grafana is served under (<c>/grafana</c>), empty for the root.</summary>
    public string PathPrefix { get; }

    /// <summary>The service accounts, in creation order.</summary>
    public IReadOnlyList<FakeGrafanaServiceAccount> ServiceAccounts
    {
        get { lock (_gate) return [.. _accounts]; }
    }

    /// <summary>The tokens issued, in order.</summary>
    public IReadOnlyList<FakeGrafanaToken> Tokens
    {
        get { lock (_gate) return [.. _tokens]; }
    }

    /// <summary>The tokens deleted (revoked), in order; they no longer authenticate.</summary>
    public IReadOnlyList<FakeGrafanaToken> DeletedTokens
    {
        get { lock (_gate) return [.. _deleted]; }
    }

    /// <summary>A user for Basic auth.</summary>
    public void AddUser(string login, string password, string role)
    {
        lock (_gate) _users[login] = (password, role);
    }

    /// <summary>Creates a service account with <paramref name="role"/> and returns a token of it (for the caller's Bearer auth).</summary>
    public string AddServiceAccountToken(string name, string role)
    {
        lock (_gate)
        {
            var account = CreateAccount(name, role);
            return Issue(account, "bootstrap", null).Key;
        }
    }

    [GeneratedRegex("^serviceaccounts/([0-9]+)/tokens$")]
    private static partial Regex TokensPath();

    [GeneratedRegex("^serviceaccounts/([0-9]+)/tokens/([0-9]+)$")]
    private static partial Regex TokenPath();

    protected override string OperationOf(HttpContext context)
    {
        var path = ApiPath(context);
        return (context.Request.Method, path) switch
        {
            ("GET", "serviceaccounts/search") => "search",
            ("POST", "serviceaccounts") => "create-service-account",
            ("POST", { } p) when TokensPath().IsMatch(p) => "create-token",
            ("DELETE", { } p) when TokenPath().IsMatch(p) => "delete-token",
            _ => "other",
        };
    }

    private string? ApiPath(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var api = PathPrefix + "/api/";
        return path.StartsWith(api, StringComparison.Ordinal) ? path[api.Length..] : null;
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        if (operation == "other")
        {
            await Message(context, 404, "Not found");
            return;
        }
        var role = Authenticate(context.Request.Headers.Authorization.ToString());
        if (role is null)
        {
            await Message(context, 401, "Unauthorized");
            return;
        }
        if (role != "Admin")
        {
            await Message(context, 403, "You'll need additional permissions to perform this action. Permissions needed: serviceaccounts:read");
            return;
        }
        if (operation == "search")
        {
            await WriteJsonAsync(context, 200, Search(context.Request.Query).ToJsonString());
            return;
        }
        if (operation == "delete-token")
        {
            var ids = TokenPath().Match(ApiPath(context)!).Groups;
            var (code, reply) = DeleteToken(long.Parse(ids[1].Value, CultureInfo.InvariantCulture), long.Parse(ids[2].Value, CultureInfo.InvariantCulture));
            await WriteJsonAsync(context, code, reply.ToJsonString());
            return;
        }
        var (body, error) = await JsonBodyAsync(context, operation == "create-token" ? TokenFields : AccountFields);
        if (body is null)
        {
            await Message(context, 400, error!);
            return;
        }
        var (status, answer) = operation == "create-service-account"
            ? CreateServiceAccount(body)
            : CreateToken(long.TryParse(TokensPath().Match(ApiPath(context)!).Groups[1].Value, CultureInfo.InvariantCulture, out var id) ? id : -1, body);
        await WriteJsonAsync(context, status, answer.ToJsonString());
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        Message(context, fault.Kind == FakeFaultKind.TooManyRequests ? 429 : 500, "internal server error");

    private string? Authenticate(string header)
    {
        lock (_gate)
        {
            if (header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                var key = header["Bearer ".Length..];
                var token = _tokens.FirstOrDefault(t => t.Key == key);
                return token is null ? null : _accounts.Single(a => a.Id == token.ServiceAccountId).Role;
            }
            if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return null;
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            }
            catch (FormatException)
            {
                return null;
            }
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && _users.TryGetValue(text[..colon], out var user) && user.Password == text[(colon + 1)..] ? user.Role : null;
        }
    }

    private JsonObject Search(IQueryCollection query)
    {
        var text = query["query"].ToString();
        var perPage = int.TryParse(query["perpage"].ToString(), CultureInfo.InvariantCulture, out var pp) && pp > 0 ? pp : 1000;
        var page = int.TryParse(query["page"].ToString(), CultureInfo.InvariantCulture, out var pg) && pg > 0 ? pg : 1;
        lock (_gate)
        {
            var found = _accounts.Where(a => a.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || a.Login.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
            return new JsonObject
            {
                ["totalCount"] = found.Count,
                ["serviceAccounts"] = new JsonArray([.. found.Skip((page - 1) * perPage).Take(perPage).Select(a => (JsonNode)Json(a))]),
                ["page"] = page,
                ["perPage"] = perPage,
            };
        }
    }

    private (int, JsonObject) CreateServiceAccount(JsonObject body)
    {
        var name = body["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s.Trim() : "";
        var role = body["role"] is JsonValue r && r.TryGetValue<string>(out var rs) && rs.Length > 0 ? rs : "Viewer";
        if (name.Length == 0) return (400, MessageJson("required value Name must not be empty"));
        if (!Roles.Contains(role)) return (400, MessageJson("invalid role value: " + role));
        lock (_gate)
        {
            if (_accounts.Any(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))) return (400, MessageJson("service account already exists"));
            return (201, Json(CreateAccount(name, role)));
        }
    }

    private (int, JsonObject) CreateToken(long id, JsonObject body)
    {
        var name = body["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "";
        long? ttl = body["secondsToLive"] is JsonValue t && t.TryGetValue<long>(out var l) ? l : null;
        if (name.Length == 0) return (400, MessageJson("required value Name must not be empty"));
        if (ttl < 0) return (400, MessageJson("secondsToLive must not be negative"));
        lock (_gate)
        {
            var account = _accounts.FirstOrDefault(a => a.Id == id);
            if (account is null) return (404, MessageJson("service account not found"));
            if (_tokens.Any(x => x.ServiceAccountId == id && x.Name == name)) return (409, MessageJson("service account token with given name already exists in the organization"));
            var token = Issue(account, name, ttl is 0 ? null : ttl);
            return (200, new JsonObject { ["id"] = token.Id, ["name"] = token.Name, ["key"] = token.Key });
        }
    }

    private (int, JsonObject) DeleteToken(long accountId, long tokenId)
    {
        lock (_gate)
        {
            var token = _tokens.FirstOrDefault(t => t.Id == tokenId && t.ServiceAccountId == accountId);
            if (token is null) return (404, MessageJson("service account token not found"));
            _tokens.Remove(token);
            _deleted.Add(token);
            return (200, MessageJson("Service account token deleted"));
        }
    }

    private FakeGrafanaServiceAccount CreateAccount(string name, string role)
    {
        var account = new FakeGrafanaServiceAccount(_accounts.Count + 1, name, "sa-1-" + name.ToLowerInvariant().Replace(' ', '-'), role);
        _accounts.Add(account);
        return account;
    }

    private FakeGrafanaToken Issue(FakeGrafanaServiceAccount account, string name, long? secondsToLive)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var token = new FakeGrafanaToken(_tokens.Count + _deleted.Count + 1, account.Id, name, $"glsa_{secret}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}", secondsToLive);
        _tokens.Add(token);
        return token;
    }

    private JsonObject Json(FakeGrafanaServiceAccount a) => new()
    {
        ["id"] = a.Id, ["name"] = a.Name, ["login"] = a.Login, ["orgId"] = 1, ["isDisabled"] = false, ["role"] = a.Role,
        ["tokens"] = _tokens.Count(t => t.ServiceAccountId == a.Id), ["avatarUrl"] = "/avatar/" + a.Id.ToString(CultureInfo.InvariantCulture),
    };

    private static async Task<(JsonObject? Body, string? Error)> JsonBodyAsync(HttpContext context, string[] fields)
    {
        if (!(context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return (null, "bad request data");
        try
        {
            if (JsonNode.Parse(await ReadBodyAsync(context)) is not JsonObject body) return (null, "bad request data");
            var unknown = body.Select(kv => kv.Key).FirstOrDefault(k => !fields.Contains(k));
            return unknown is null ? (body, null) : (null, $"bad request data: unknown field \"{unknown}\"");
        }
        catch (JsonException)
        {
            return (null, "bad request data");
        }
    }

    private static JsonObject MessageJson(string message) => new() { ["message"] = message };

    private static Task Message(HttpContext context, int status, string message) => WriteJsonAsync(context, status, MessageJson(message).ToJsonString());
}

