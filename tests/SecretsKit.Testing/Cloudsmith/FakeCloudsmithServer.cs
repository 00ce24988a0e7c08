using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Cloudsmith;

/// <summary>
/// A wire-level fake of Cloudsmith's OIDC token exchange on 127.0.0.1: <c>POST /openid/{org}/</c> (the trailing slash
/// required, as Cloudsmith's routes have it) with an <c>application/json</c> body of exactly <c>oidc_token</c> and
/// <c>service_slug</c>. A service federated with an issuer (<see cref="FederateService"/>) accepts only an OIDC token that
/// issuer signed (RS256, not expired on the fake's clock) for the configured subject and audience, and answers 201
/// <c>{"token": &lt;a JWT of its own, HS256, exp = now + <see cref="TokenLifetime"/>&gt;}</c>; otherwise 401 with a
/// <c>detail</c>, 400 for a malformed body, 415 for another content type, 405 for another method. Operation
/// <c>openid</c>.
/// </summary>
public sealed class FakeCloudsmithServer : FakeHttpServer
{
    private readonly Dictionary<(string Org, string Service), (FakeServiceAccountIssuer Issuer, string Subject, string Audience)> _services = new();
    private readonly List<string> _issued = [];
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;

    private FakeCloudsmithServer(TimeProvider time) => _time = time;

    public static async Task<FakeCloudsmithServer> StartAsync(TimeProvider? time = null)
    {
        var server = new FakeCloudsmithServer(time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Lifetime of the access tokens issued. <value>Default 2 hours.</value></summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Access tokens issued, oldest first.</summary>
    public IReadOnlyList<string> Issued
    {
        get { lock (_services) return [.. _issued]; }
    }

    /// <summary>Lets service <paramref name="service"/> of <paramref name="org"/> be reached with tokens of <paramref name="issuer"/> for <c>system:serviceaccount:NS:NAME</c>.</summary>
    public void FederateService(string org, string service, FakeServiceAccountIssuer issuer, string ns, string serviceAccount, string audience)
    {
        lock (_services) _services[(org, service)] = (issuer, $"system:serviceaccount:{ns}:{serviceAccount}", audience);
    }

    protected override string OperationOf(HttpContext context) => Org(context) is null ? "other" : "openid";

    private static string? Org(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/openid/", StringComparison.Ordinal) || !path.EndsWith('/')) return null;
        var org = path["/openid/".Length..^1];
        return org.Length > 0 && !org.Contains('/', StringComparison.Ordinal) ? org : null;
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        if (operation != "openid")
        {
            await Detail(context, 404, "Not found.");
            return;
        }
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await Detail(context, 405, $"Method \"{context.Request.Method}\" not allowed.");
            return;
        }
        if (!(context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Detail(context, 415, $"Unsupported media type \"{context.Request.ContentType}\" in request.");
            return;
        }
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }
        var oidc = body?["oidc_token"] is JsonValue o && o.TryGetValue<string>(out var os) ? os : null;
        var service = body?["service_slug"] is JsonValue s && s.TryGetValue<string>(out var ss) ? ss : null;
        if (body is null || oidc is null || service is null || body.Count != 2)
        {
            await Detail(context, 400, "the body must be a JSON object of oidc_token and service_slug");
            return;
        }
        (FakeServiceAccountIssuer Issuer, string Subject, string Audience)? found = null;
        lock (_services)
        {
            if (_services.TryGetValue((Org(context)!, service), out var f)) found = f;
        }
        if (found is not { } federation)
        {
            await Detail(context, 401, "No OIDC provider of this workspace accepts that service.");
            return;
        }
        var (claims, refusal) = federation.Issuer.Verify(oidc, federation.Audience, _time.GetUtcNow());
        if (claims is null || FakeServiceAccountIssuer.Subject(claims) != federation.Subject)
        {
            await Detail(context, 401, refusal ?? "The OIDC token's subject is not allowed.");
            return;
        }
        var token = Mint(service);
        lock (_services) _issued.Add(token);
        await WriteJsonAsync(context, 201, new JsonObject { ["token"] = token }.ToJsonString());
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        Detail(context, fault.Kind == FakeFaultKind.TooManyRequests ? 429 : 500, "fault");

    private static Task Detail(HttpContext context, int status, string detail) =>
        WriteJsonAsync(context, status, new JsonObject { ["detail"] = detail }.ToJsonString());

    private string Mint(string service)
    {
        var now = _time.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = "cloudsmith",
            ["sub"] = service,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
        };
        var input = B64("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray()) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + B64(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(input)));
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
