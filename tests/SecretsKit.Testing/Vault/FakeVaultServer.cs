using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Vault;

/// <summary>
/// A wire-level HashiCorp Vault fake on 127.0.0.1: transit encrypt/decrypt (its own AES-GCM per key, <c>vault:v1:…</c>),
/// KV v1 and v2 (versions, metadata, LIST), token / Kubernetes / AppRole / JWT login with leases, renew-self, lookup-self, token
/// revocation and expiry (403), <c>X-Vault-Token</c> and <c>X-Vault-Namespace</c> checks, and fault injection.
/// Operations for <see cref="FakeHttpServer.CallCount"/>: <c>login:&lt;mount&gt;</c>, <c>renew-self</c>, <c>lookup-self</c>,
/// <c>transit-encrypt</c>, <c>transit-decrypt</c>, <c>kv-read</c>, <c>kv-list</c>, <c>kv-metadata</c>, <c>events-subscribe</c>,
/// <c>database-creds</c>, <c>token-create</c>, <c>other</c>.
/// </summary>
public sealed partial class FakeVaultServer : FakeHttpServer
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;

    private FakeVaultServer(TimeProvider time)
    {
        _time = time;
        RootToken = "hvs.root-" + Guid.NewGuid().ToString("N");
        lock (_gate) _tokens[RootToken] = new FakeToken(null, TimeSpan.Zero, Renewable: false, Namespace: null);
        EnableTransit("transit");
        EnableKv("secret", 2);
    }

    /// <summary>
    /// Starts a fake; <paramref name="time"/> drives token expiry (default system time). With <paramref name="tlsCertificate"/>
    /// it serves HTTPS, and with <paramref name="acceptClientCertificates"/> it asks for client certificates (cert auth).
    /// </summary>
    public static async Task<FakeVaultServer> StartAsync(TimeProvider? time = null, X509Certificate2? tlsCertificate = null, bool acceptClientCertificates = false)
    {
        var server = new FakeVaultServer(time ?? TimeProvider.System);
        await server.StartServerAsync(tlsCertificate, acceptClientCertificates);
        return server;
    }

    /// <summary>A non-expiring token accepted everywhere.</summary>
    public string RootToken { get; }

    /// <summary>When set, every request must carry this <c>X-Vault-Namespace</c>; others get 403.</summary>
    public string? RequiredNamespace { get; set; }

    /// <summary>Lease of tokens issued by logins. <value>Default 1 hour.</value></summary>
    public TimeSpan LoginTokenTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether login tokens are renewable. <value>Default true.</value></summary>
    public bool LoginTokensRenewable { get; set; } = true;

    protected override string OperationOf(HttpContext context)
    {
        var path = VaultPath(context);
        if (path.StartsWith(SubscribePrefix, StringComparison.Ordinal) || path + "/" == SubscribePrefix) return "events-subscribe";
        if (path.StartsWith("auth/", StringComparison.Ordinal) && path.EndsWith("/login", StringComparison.Ordinal))
        {
            return "login:" + path["auth/".Length..^"/login".Length];
        }
        if (UserLogin(path) is { } user) return "login:" + user.Mount;
        if (path == "auth/token/renew-self") return "renew-self";
        if (path == "auth/token/lookup-self") return "lookup-self";
        if (path == "auth/token/create") return "token-create";
        if (FindDatabaseCreds(path) is not null) return "database-creds";
        if (FindTransit(path) is { } t) return t.Operation == "encrypt" ? "transit-encrypt" : "transit-decrypt";
        if (FindKvMount(path) is { } kv)
        {
            if (IsList(context)) return "kv-list";
            if (context.Request.Method is "POST" or "PUT" or "DELETE") return "kv-write";
            return kv.Version == 2 && kv.Remainder.StartsWith("metadata/", StringComparison.Ordinal) ? "kv-metadata" : "kv-read";
        }
        return "other";
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        if (RequiredNamespace is not null && context.Request.Headers["X-Vault-Namespace"].ToString() != RequiredNamespace)
        {
            await ErrorAsync(context, 403, "permission denied");
            return;
        }
        if (operation.StartsWith("login:", StringComparison.Ordinal))
        {
            await LoginAsync(context, operation["login:".Length..], UserLogin(VaultPath(context))?.User);
            return;
        }
        var token = context.Request.Headers["X-Vault-Token"].ToString();
        if (!IsValid(token))
        {
            await ErrorAsync(context, 403, "permission denied");
            return;
        }
        var path = VaultPath(context);
        switch (operation)
        {
            case "renew-self":
                await RenewSelfAsync(context, token);
                return;
            case "lookup-self":
                await LookupSelfAsync(context, token);
                return;
            case "transit-encrypt":
            case "transit-decrypt":
                await TransitAsync(context, FindTransit(path)!.Value);
                return;
            case "events-subscribe":
                await EventsSubscribeAsync(context, path + (path.Length < SubscribePrefix.Length ? "/" : ""), token);
                return;
            case "kv-read" or "kv-list" or "kv-metadata" or "kv-write":
                await KvAsync(context, FindKvMount(path)!.Value);
                return;
            case "database-creds":
                await DatabaseCredsAsync(context, FindDatabaseCreds(path)!.Value);
                return;
            case "token-create":
                await TokenCreateAsync(context);
                return;
            default:
                await ErrorAsync(context, 404, $"no handler for route \"{path}\"");
                return;
        }
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) => fault.Kind switch
    {
        FakeFaultKind.TooManyRequests or FakeFaultKind.Throttling => ErrorAsync(context, 429, "rate limit quota exceeded"),
        FakeFaultKind.Forbidden => ErrorAsync(context, 403, "permission denied"),
        _ => ErrorAsync(context, 500, "internal error"),
    };

    private static string VaultPath(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        return path.StartsWith("/v1/", StringComparison.Ordinal) ? path[4..].TrimEnd('/') : path.TrimStart('/');
    }

    /// <summary><c>auth/MOUNT/login/USER</c> (userpass, LDAP) as its mount and user; null for any other path.</summary>
    private static (string Mount, string User)? UserLogin(string path)
    {
        if (!path.StartsWith("auth/", StringComparison.Ordinal)) return null;
        var i = path.LastIndexOf("/login/", StringComparison.Ordinal);
        return i > "auth".Length && path.IndexOf('/', i + "/login/".Length) < 0 ? (path["auth/".Length..i], Uri.UnescapeDataString(path[(i + "/login/".Length)..])) : null;
    }

    private static bool IsList(HttpContext context) =>
        context.Request.Method == "LIST" || (HttpMethods.IsGet(context.Request.Method) && context.Request.Query["list"] == "true");

    private static Task ErrorAsync(HttpContext context, int status, params string[] errors) =>
        WriteJsonAsync(context, status, new JsonObject { ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)e).ToArray()) }.ToJsonString());

    private static Task OkAsync(HttpContext context, JsonObject body)
    {
        body["request_id"] = Guid.NewGuid().ToString();
        body["lease_id"] ??= "";
        body["renewable"] ??= false;
        body["lease_duration"] ??= 0;
        return WriteJsonAsync(context, 200, body.ToJsonString());
    }
}
