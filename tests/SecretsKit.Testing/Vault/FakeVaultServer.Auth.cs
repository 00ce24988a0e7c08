using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Vault;

public sealed partial class FakeVaultServer
{
    private readonly Dictionary<string, FakeToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Kind, Dictionary<string, string> Credentials)> _authMounts = new(StringComparer.Ordinal);
    private readonly List<string> _issued = [];
    private readonly Dictionary<(string Mount, string Role), ServiceAccountRole> _saRoles = [];
    private readonly List<FakeVaultServiceAccountLogin> _saLogins = [];

    private sealed record ServiceAccountRole(FakeServiceAccountIssuer Issuer, string Subject, string? Audience);

    /// <summary>Logins through <see cref="AddServiceAccountRole"/> roles that were accepted, oldest first.</summary>
    public IReadOnlyList<FakeVaultServiceAccountLogin> ServiceAccountLogins
    {
        get { lock (_gate) return [.. _saLogins]; }
    }

    /// <summary>
    /// Kubernetes or JWT auth at <c>auth/&lt;mount&gt;</c> backed by the cluster's signing key, as a Vault configured with
    /// the cluster's OIDC keys: <paramref name="role"/> accepts a token of <c>NS/NAME</c> signed by <paramref name="issuer"/>,
    /// not expired on this fake's clock, whose <c>aud</c> holds <paramref name="audience"/> (null: the API server's own).
    /// A refused token gets 400 <c>error validating token: …</c>, another ServiceAccount 403.
    /// </summary>
    public void AddServiceAccountRole(string role, FakeServiceAccountIssuer issuer, string ns, string serviceAccount, string? audience = null,
        string mount = "kubernetes")
    {
        lock (_gate) _saRoles[(mount.Trim('/'), role)] = new ServiceAccountRole(issuer, $"system:serviceaccount:{ns}:{serviceAccount}", audience);
    }

    /// <summary>Cert auth at <c>auth/&lt;mount&gt;</c>: role <paramref name="name"/> logs in over a connection presenting <paramref name="clientCertificate"/>.</summary>
    public void AddCertRole(string name, X509Certificate2 clientCertificate, string mount = "cert") =>
        AddCredential(mount, "cert", name, clientCertificate.Thumbprint);

    /// <summary>Userpass (or LDAP) auth at <c>auth/&lt;mount&gt;</c>: <c>POST login/&lt;username&gt;</c> with the password.</summary>
    public void AddUser(string username, string password, string mount = "userpass") => AddCredential(mount, "userpass", username, password);

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

    private async Task LoginAsync(HttpContext context, string mount, string? user)
    {
        var body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject ?? [];
        string? Field(string name) => body[name] is JsonValue v ? v.GetValue<string>() : null;
        if (user is null && IsIamRole(mount, Field("role")))
        {
            await IamLoginAsync(context, mount, body);
            return;
        }
        if (user is null && IsGcpRole(mount, Field("role")))
        {
            await GcpLoginAsync(context, mount, Field("role")!, Field("jwt"));
            return;
        }
        ServiceAccountRole? saRole;
        lock (_gate) _saRoles.TryGetValue((mount, Field("role") ?? ""), out saRole);
        if (saRole is not null && user is null)
        {
            await ServiceAccountLoginAsync(context, mount, Field("role")!, Field("jwt"), saRole);
            return;
        }
        var presented = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync();
        bool ok;
        lock (_gate)
        {
            ok = _authMounts.TryGetValue(mount, out var auth) && auth.Kind switch
            {
                "cert" => presented is not null && auth.Credentials.TryGetValue(Field("name") ?? "", out var thumbprint)
                    && string.Equals(thumbprint, presented.Thumbprint, StringComparison.OrdinalIgnoreCase),
                "approle" => Field("role_id") is { } id && auth.Credentials.TryGetValue(id, out var s) && s == Field("secret_id"),
                "userpass" => user is not null && auth.Credentials.TryGetValue(user, out var pw) && pw == Field("password"),
                _ => user is null && Field("role") is { } role && auth.Credentials.TryGetValue(role, out var jwt) && jwt == Field("jwt"),
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

    private async Task ServiceAccountLoginAsync(HttpContext context, string mount, string role, string? jwt, ServiceAccountRole saRole)
    {
        var (claims, refusal) = saRole.Issuer.Verify(jwt, saRole.Audience ?? saRole.Issuer.DefaultAudiences[0], _time.GetUtcNow());
        if (claims is null)
        {
            await ErrorAsync(context, 400, "error validating token: " + refusal);
            return;
        }
        if (FakeServiceAccountIssuer.Subject(claims) != saRole.Subject)
        {
            await ErrorAsync(context, 403, $"permission denied: {FakeServiceAccountIssuer.Subject(claims)} is not bound to role \"{role}\"");
            return;
        }
        var audiences = claims["aud"] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];
        lock (_gate) _saLogins.Add(new FakeVaultServiceAccountLogin(mount, role, FakeServiceAccountIssuer.Subject(claims), audiences));
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

    /// <summary><c>GET auth/token/lookup-self</c>: the token's remaining TTL and whether it renews, as Vault answers (a valid token only).</summary>
    private async Task LookupSelfAsync(HttpContext context, string token)
    {
        FakeToken t;
        lock (_gate) t = _tokens[token];
        var ttl = t.ExpiresAt is { } expires ? (long)(expires - _time.GetUtcNow()).TotalSeconds : 0;
        await OkAsync(context, new JsonObject
        {
            ["data"] = new JsonObject { ["ttl"] = ttl, ["renewable"] = t.Renewable, ["policies"] = new JsonArray("default") },
        });
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

/// <summary>An accepted ServiceAccount login: the mount, the role, the token's subject and audiences.</summary>
public sealed record FakeVaultServiceAccountLogin(string Mount, string Role, string Subject, IReadOnlyList<string> Audiences);
