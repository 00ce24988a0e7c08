using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Vault;

/// <summary>
/// Dynamic secrets as Vault's engines serve them: a database engine (<c>GET &lt;mount&gt;/creds/&lt;role&gt;</c>: a new
/// username and password under a lease per read; an unknown role 400 <c>unknown role: …</c>; other methods 405) and the
/// token store's <c>auth/token/create</c> (a write whose answer is an <c>auth</c> block; the token works afterwards).
/// Operations <c>database-creds</c> and <c>token-create</c>.
/// </summary>
public sealed partial class FakeVaultServer
{
    private readonly Dictionary<string, Dictionary<string, TimeSpan>> _databaseMounts = new(StringComparer.Ordinal);
    private readonly List<string> _leases = [];
    private int _dynamicUsers;

    /// <summary>A database engine at <paramref name="mount"/> with <paramref name="role"/> issuing credentials for <paramref name="ttl"/>.</summary>
    public void AddDatabaseRole(string mount, string role, TimeSpan ttl)
    {
        lock (_gate)
        {
            if (!_databaseMounts.TryGetValue(mount.Trim('/'), out var roles)) _databaseMounts[mount.Trim('/')] = roles = new(StringComparer.Ordinal);
            roles[role] = ttl;
        }
    }

    /// <summary>Leases handed out by dynamic engines, oldest first.</summary>
    public IReadOnlyList<string> Leases
    {
        get { lock (_gate) return [.. _leases]; }
    }

    /// <summary>The username the <paramref name="n"/>-th database credential (1-based) of <paramref name="role"/> gets.</summary>
    public static string DatabaseUser(string role, int n) => $"v-token-{role}-{n:D4}";

    /// <summary>The password of that credential.</summary>
    public static string DatabasePassword(int n) => $"A1a-dyn{n:D4}-Pw";

    private (string Mount, string Role)? FindDatabaseCreds(string path)
    {
        lock (_gate)
        {
            foreach (var mount in _databaseMounts.Keys)
            {
                var prefix = mount + "/creds/";
                if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length && !path[prefix.Length..].Contains('/', StringComparison.Ordinal))
                {
                    return (mount, path[prefix.Length..]);
                }
            }
        }
        return null;
    }

    private Task DatabaseCredsAsync(HttpContext context, (string Mount, string Role) creds)
    {
        if (!HttpMethods.IsGet(context.Request.Method)) return ErrorAsync(context, 405, "1 error occurred:\n\t* unsupported operation\n\n");
        TimeSpan ttl;
        int n;
        lock (_gate)
        {
            if (!_databaseMounts[creds.Mount].TryGetValue(creds.Role, out ttl)) return ErrorAsync(context, 400, "unknown role: " + creds.Role);
            n = ++_dynamicUsers;
            _leases.Add($"{creds.Mount}/creds/{creds.Role}/lease{n:D4}");
        }
        return OkAsync(context, new JsonObject
        {
            ["lease_id"] = $"{creds.Mount}/creds/{creds.Role}/lease{n:D4}",
            ["renewable"] = true,
            ["lease_duration"] = (long)ttl.TotalSeconds,
            ["data"] = new JsonObject { ["username"] = DatabaseUser(creds.Role, n), ["password"] = DatabasePassword(n) },
            ["wrap_info"] = null,
            ["warnings"] = null,
            ["auth"] = null,
            ["mount_type"] = "database",
        });
    }

    /// <summary><c>auth/token/create</c>: a child token with the asked <c>policies</c> (plus <c>default</c>), <c>ttl</c> and <c>meta</c>.</summary>
    private async Task TokenCreateAsync(HttpContext context)
    {
        if (!(HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)))
        {
            await ErrorAsync(context, 405, "1 error occurred:\n\t* unsupported operation\n\n");
            return;
        }
        var body = JsonNode.Parse(await ReadBodyAsync(context) is { Length: > 0 } text ? text : "{}") as JsonObject ?? [];
        var policies = new SortedSet<string>(StringComparer.Ordinal) { "default" };
        foreach (var p in body["policies"] as JsonArray ?? []) policies.Add(p!.GetValue<string>());
        var ttl = body["ttl"]?.GetValue<string>() is { } t && t.EndsWith('h') ? TimeSpan.FromHours(int.Parse(t[..^1], CultureInfo.InvariantCulture)) : LoginTokenTtl;
        var token = IssueToken(ttl);
        await OkAsync(context, new JsonObject
        {
            ["data"] = null,
            ["wrap_info"] = null,
            ["warnings"] = null,
            ["auth"] = new JsonObject
            {
                ["client_token"] = token,
                ["accessor"] = "acc-" + token[4..16],
                ["policies"] = new JsonArray([.. policies.Select(p => (JsonNode?)p)]),
                ["token_policies"] = new JsonArray([.. policies.Select(p => (JsonNode?)p)]),
                ["metadata"] = body["meta"]?.DeepClone(),
                ["lease_duration"] = (long)ttl.TotalSeconds,
                ["renewable"] = true,
                ["entity_id"] = "",
                ["token_type"] = "service",
                ["orphan"] = false,
                ["mfa_requirement"] = null,
                ["num_uses"] = 0,
            },
            ["mount_type"] = "token",
        });
    }
}
