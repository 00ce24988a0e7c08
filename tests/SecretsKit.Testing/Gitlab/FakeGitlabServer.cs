using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Gitlab;

/// <summary>
/// A wire-level fake of GitLab's deploy token REST API (<c>/api/v4</c>) on 127.0.0.1: <c>POST
/// {projects|groups}/:id/deploy_tokens</c> (201 with the token; <c>:id</c> a numeric id or the URL-encoded full path;
/// <c>name</c> and <c>scopes</c> required, scopes from GitLab's list, the virtual registry ones for projects only;
/// <c>expires_at</c> an ISO 8601 time; <c>username</c> default <c>gitlab+deploy-token-{id}</c>) and <c>DELETE
/// …/deploy_tokens/:token_id</c> (204, or 404 <c>Deploy Token Not Found</c>). Callers send an access token as
/// <c>PRIVATE-TOKEN</c>: unknown 401, without the <c>api</c> scope 403 <c>insufficient_scope</c>; a target the token's
/// user cannot see is 404, one where it is below Maintainer (project) or Owner (group) 403. Errors are GitLab's bodies
/// (<c>{"message": …}</c>, <c>{"error": …}</c>); other paths 404, another method on the API's paths 405. Unknown body
/// fields are ignored, as GitLab's API framework does; the raw body is recorded (<see cref="FakeHttpServer.Requests"/>).
/// Operations <c>create</c> and <c>revoke</c>.
/// </summary>
public sealed partial class FakeGitlabServer : FakeHttpServer
{
    private static readonly string[] Scopes =
        ["read_repository", "read_registry", "write_registry", "read_package_registry", "write_package_registry", "read_virtual_registry", "write_virtual_registry"];

    private static readonly string[] Roles = ["Guest", "Reporter", "Developer", "Maintainer", "Owner"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Id, string Path)> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Api, Dictionary<string, string> Roles)> _accessTokens = new(StringComparer.Ordinal);
    private readonly List<FakeGitlabDeployToken> _tokens = [];

    private FakeGitlabServer()
    {
    }

    public static async Task<FakeGitlabServer> StartAsync()
    {
        var server = new FakeGitlabServer();
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Every deploy token created (revoked ones included), in order.</summary>
    public IReadOnlyList<FakeGitlabDeployToken> DeployTokens
    {
        get { lock (_gate) return [.. _tokens]; }
    }

    /// <summary>A project (<paramref name="path"/> e.g. <c>team/app</c>) with numeric id <paramref name="id"/>.</summary>
    public void AddProject(int id, string path)
    {
        lock (_gate) _targets["projects/" + id.ToString(CultureInfo.InvariantCulture)] = (id, path);
    }

    public void AddGroup(int id, string path)
    {
        lock (_gate) _targets["groups/" + id.ToString(CultureInfo.InvariantCulture)] = (id, path);
    }

    /// <summary>
    /// A personal access token; <paramref name="roles"/> maps <c>projects/{id}</c> or <c>groups/{id}</c> to its user's role
    /// there (Guest … Owner). <paramref name="apiScope"/> false: a token without the <c>api</c> scope.
    /// </summary>
    public string AddAccessToken(IReadOnlyDictionary<string, string> roles, bool apiScope = true)
    {
        var token = "glpat-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        lock (_gate) _accessTokens[token] = (apiScope, new Dictionary<string, string>(roles, StringComparer.Ordinal));
        return token;
    }

    [GeneratedRegex("^/api/v4/(projects|groups)/([^/]+)/deploy_tokens(?:/([^/]+))?/?$")]
    private static partial Regex DeployTokensPath();

    protected override string OperationOf(HttpContext context)
    {
        var match = DeployTokensPath().Match(context.Request.Path.Value ?? "");
        return (context.Request.Method, match.Success, match.Groups[3].Success) switch
        {
            ("POST", true, false) => "create",
            ("DELETE", true, true) => "revoke",
            (_, true, _) => "not-allowed",
            _ => "other",
        };
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (operation == "other")
        {
            await WriteJsonAsync(context, 404, """{"error":"404 Not Found"}""");
            return;
        }
        if (operation == "not-allowed")
        {
            context.Response.Headers.Allow = "OPTIONS, GET, POST, DELETE";
            await WriteJsonAsync(context, 405, """{"error":"405 Not Allowed"}""");
            return;
        }
        var (status, answer) = await AnswerAsync(context, operation);
        if (status == 0) return; // a fault answered
        if (status == 204)
        {
            context.Response.StatusCode = 204;
            return;
        }
        await WriteJsonAsync(context, status, answer!.ToJsonString());
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Status == 0 ? 500 : fault.Status, """{"message":"500 Internal Server Error"}""");

    private async Task<(int, JsonObject?)> AnswerAsync(HttpContext context, string operation)
    {
        var match = DeployTokensPath().Match(context.Request.Path.Value!);
        var kind = match.Groups[1].Value;
        var noun = kind == "projects" ? "Project" : "Group";
        string? target;
        string? role;
        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(context.Request.Headers["PRIVATE-TOKEN"].ToString(), out var caller)) return (401, Message("401 Unauthorized"));
            if (!caller.Api)
            {
                return (403, new JsonObject
                {
                    ["error"] = "insufficient_scope",
                    ["error_description"] = "The request requires higher privileges than provided by the access token.",
                    ["scope"] = "api",
                });
            }
            target = Resolve(kind, Uri.UnescapeDataString(match.Groups[2].Value));
            role = target is null ? null : caller.Roles.GetValueOrDefault(target);
        }
        if (target is null || role is null) return (404, Message($"404 {noun} Not Found"));
        if (await TryApplyFaultAsync(context, operation)) return (0, null);
        if (Array.IndexOf(Roles, role) < Array.IndexOf(Roles, kind == "projects" ? "Maintainer" : "Owner")) return (403, Message("403 Forbidden"));
        return operation == "create" ? Create(target, kind, await ReadBodyAsync(context), context.Request.ContentType) : Revoke(target, match.Groups[3].Value);
    }

    private string? Resolve(string kind, string id)
    {
        if (_targets.ContainsKey(kind + "/" + id)) return kind + "/" + id;
        return _targets.FirstOrDefault(t => t.Key.StartsWith(kind + "/", StringComparison.Ordinal) && t.Value.Path == id).Key;
    }

    private (int, JsonObject) Create(string target, string kind, string raw, string? contentType)
    {
        JsonObject body;
        try
        {
            body = (contentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && JsonNode.Parse(raw) is JsonObject o ? o : [];
        }
        catch (JsonException)
        {
            return (400, Error("400 Bad request - Invalid JSON"));
        }
        var missing = new[] { "name", "scopes" }.Where(f => body[f] is null).ToList();
        if (missing.Count > 0) return (400, Error(string.Join(", ", missing.Select(f => f + " is missing"))));
        if (body["name"] is not JsonValue nv || !nv.TryGetValue<string>(out var name)) return (400, Error("name is invalid"));
        var allowed = kind == "projects" ? Scopes : Scopes[..5];
        if (body["scopes"] is not JsonArray scopes || scopes.Count == 0 || scopes.Any(s => s is not JsonValue v || !v.TryGetValue<string>(out var sc) || !allowed.Contains(sc)))
        {
            return (400, Error("scopes does not have a valid value"));
        }
        string? expires = null;
        if (body["expires_at"] is { } e)
        {
            if (e is not JsonValue ev || !ev.TryGetValue<string>(out var text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return (400, Error("expires_at is invalid"));
            }
            expires = text;
        }
        var username = body["username"] is JsonValue uv && uv.TryGetValue<string>(out var u) && u.Length > 0 ? u : null;
        lock (_gate)
        {
            var id = _tokens.Count + 1;
            var token = new FakeGitlabDeployToken(id, target, name, username ?? $"gitlab+deploy-token-{id}", [.. scopes.Select(s => s!.GetValue<string>())], expires,
                "gldt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)));
            _tokens.Add(token);
            return (201, new JsonObject
            {
                ["id"] = token.Id,
                ["name"] = token.Name,
                ["username"] = token.Username,
                ["expires_at"] = expires is null ? null : DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["token"] = token.Token,
                ["revoked"] = false,
                ["expired"] = false,
                ["scopes"] = new JsonArray([.. token.Scopes.Select(s => (JsonNode)s)]),
            });
        }
    }

    private (int, JsonObject?) Revoke(string target, string tokenId)
    {
        if (!int.TryParse(tokenId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return (400, Error("token_id is invalid"));
        lock (_gate)
        {
            var index = _tokens.FindIndex(t => t.Id == id && t.Owner == target && !t.Revoked);
            if (index < 0) return (404, Message("404 Deploy Token Not Found"));
            _tokens[index] = _tokens[index] with { Revoked = true };
            return (204, null);
        }
    }

    private static JsonObject Message(string message) => new() { ["message"] = message };

    private static JsonObject Error(string error) => new() { ["error"] = error };
}
