using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Vault;

public sealed partial class FakeVaultServer
{
    private readonly Dictionary<string, FakeToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Kind, Dictionary<string, string> Credentials)> _authMounts = new(StringComparer.Ordinal);
    private readonly List<string> _issued = [];

    private sealed record FakeToken(DateTimeOffset? ExpiresAt, TimeSpan Ttl, bool Renewable, string? Namespace)
    {
        public bool Revoked { get; set; }
    }

    /// <summary>Tokens issued by logins, oldest first.</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get { lock (_gate) return [.. _issued]; }
    }

    /// <summary>Kubernetes auth at <c>auth/&lt;mount&gt;</c>: <paramref name="role"/> logs in with exactly <paramref name="serviceAccountJwt"/>.</summary>
    public void AddKubernetesRole(string role, string serviceAccountJwt, string mount = "kubernetes") => AddCredential(mount, "kubernetes", role, serviceAccountJwt);

    /// <summary>AppRole auth at <c>auth/&lt;mount&gt;</c>.</summary>
    public void AddAppRole(string roleId, string secretId, string mount = "approle") => AddCredential(mount, "approle", roleId, secretId);

    /// <summary>JWT/OIDC auth at <c>auth/&lt;mount&gt;</c>: <paramref name="role"/> logs in with exactly <paramref name="jwt"/>.</summary>
    public void AddJwtRole(string role, string jwt, string mount = "jwt") => AddCredential(mount, "jwt", role, jwt);

    /// <summary>Issues a token directly (as <c>vault token create</c> would).</summary>
    public string IssueToken(TimeSpan? ttl = null, bool renewable = true)
    {
        var token = "hvs." + Guid.NewGuid().ToString("N");
        var lease = ttl ?? TimeSpan.Zero;
        lock (_gate)
        {
            _tokens[token] = new FakeToken(lease > TimeSpan.Zero ? _time.GetUtcNow() + lease : null, lease, renewable, RequiredNamespace);
            _issued.Add(token);
        }
        return token;
    }

    /// <summary>Revokes a token: further use gets 403 permission denied.</summary>
    public void RevokeToken(string token)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var t)) t.Revoked = true;
        }
    }

    /// <summary>Makes a token expire now (as if its lease ran out): further use gets 403.</summary>
    public void ExpireToken(string token)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var t)) _tokens[token] = t with { ExpiresAt = _time.GetUtcNow() - TimeSpan.FromSeconds(1) };
        }
    }

    /// <summary>Revokes every token except the root token.</summary>
    public void RevokeAllLoginTokens()
    {
        lock (_gate)
        {
            foreach (var token in _issued) _tokens[token].Revoked = true;
        }
    }

    private void AddCredential(string mount, string kind, string name, string secret)
    {
        lock (_gate)
        {
            mount = mount.Trim('/');
            if (!_authMounts.TryGetValue(mount, out var entry))
            {
                entry = (kind, new Dictionary<string, string>(StringComparer.Ordinal));
                _authMounts[mount] = entry;
            }
            entry.Credentials[name] = secret;
        }
    }

    private bool IsValid(string token)
    {
        lock (_gate)
        {
            return token.Length > 0 && _tokens.TryGetValue(token, out var t) && !t.Revoked &&
                   (t.ExpiresAt is null || _time.GetUtcNow() < t.ExpiresAt);
        }
    }

    private async Task LoginAsync(HttpContext context, string mount)
    {
        var body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject ?? [];
        string? Field(string name) => body[name] is JsonValue v ? v.GetValue<string>() : null;
        bool ok;
        lock (_gate)
        {
            ok = _authMounts.TryGetValue(mount, out var auth) && auth.Kind switch
            {
                "approle" => Field("role_id") is { } id && auth.Credentials.TryGetValue(id, out var s) && s == Field("secret_id"),
                _ => Field("role") is { } role && auth.Credentials.TryGetValue(role, out var jwt) && jwt == Field("jwt"),
            };
        }
        if (!ok)
        {
            await ErrorAsync(context, 400, "invalid credentials or role");
            return;
        }
        var token = IssueToken(LoginTokenTtl, LoginTokensRenewable);
        await OkAsync(context, AuthBody(token, LoginTokenTtl, LoginTokensRenewable));
    }

    private async Task RenewSelfAsync(HttpContext context, string token)
    {
        FakeToken? renewed = null;
        lock (_gate)
        {
            var t = _tokens[token];
            if (t.Renewable)
            {
                renewed = t with { ExpiresAt = _time.GetUtcNow() + t.Ttl };
                _tokens[token] = renewed;
            }
        }
        if (renewed is null)
        {
            await ErrorAsync(context, 400, "lease is not renewable");
            return;
        }
        await OkAsync(context, AuthBody(token, renewed.Ttl, true));
    }

    private static JsonObject AuthBody(string token, TimeSpan ttl, bool renewable) => new()
    {
        ["auth"] = new JsonObject
        {
            ["client_token"] = token,
            ["accessor"] = Guid.NewGuid().ToString("N"),
            ["policies"] = new JsonArray("default"),
            ["lease_duration"] = (long)ttl.TotalSeconds,
            ["renewable"] = renewable,
        },
    };
}
