using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Quay;

/// <summary>
/// A wire-level fake of Quay's robot account federation on 127.0.0.1: <c>GET /oauth2/federation/robot/token</c> with
/// Basic auth <c>robot:&lt;OIDC token&gt;</c>. A robot federated with an issuer accepts only a token that issuer signed
/// (RS256, not expired on the fake's clock) for the configured subject and audience, and answers
/// <c>{"token": &lt;a JWT of its own, RS256, exp = now + <see cref="TokenLifetime"/>&gt;}</c>; anything else is 401.
/// Operation <c>robot-token</c>.
/// </summary>
public sealed class FakeQuayServer : FakeHttpServer
{
    private readonly Dictionary<string, (FakeServiceAccountIssuer Issuer, string Subject, string Audience)> _robots = new(StringComparer.Ordinal);
    private readonly List<string> _issued = [];
    private readonly RSA _key = RSA.Create(2048);
    private readonly TimeProvider _time;

    private FakeQuayServer(TimeProvider time) => _time = time;

    public static async Task<FakeQuayServer> StartAsync(TimeProvider? time = null)
    {
        var server = new FakeQuayServer(time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Lifetime of the robot tokens issued. <value>Default 1 hour.</value></summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Robot tokens issued, oldest first.</summary>
    public IReadOnlyList<string> Issued
    {
        get { lock (_robots) return [.. _issued]; }
    }

    /// <summary>Federates <paramref name="robot"/> (<c>org+name</c>) with tokens of <paramref name="issuer"/> for <c>system:serviceaccount:NS:NAME</c>.</summary>
    public void FederateRobot(string robot, FakeServiceAccountIssuer issuer, string ns, string serviceAccount, string audience)
    {
        lock (_robots) _robots[robot] = (issuer, $"system:serviceaccount:{ns}:{serviceAccount}", audience);
    }

    protected override string OperationOf(HttpContext context) =>
        context.Request.Path == "/oauth2/federation/robot/token" ? "robot-token" : "other";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        if (operation != "robot-token")
        {
            await WriteJsonAsync(context, 404, """{"error":"not found"}""");
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await WriteJsonAsync(context, 405, """{"error":"method not allowed"}""");
            return;
        }
        var (robot, jwt) = Basic(context.Request.Headers.Authorization.ToString());
        (FakeServiceAccountIssuer Issuer, string Subject, string Audience)? found = null;
        lock (_robots)
        {
            if (robot is not null && _robots.TryGetValue(robot, out var f)) found = f;
        }
        if (found is not { } federation)
        {
            await Unauthorized(context, "robot account is not federated");
            return;
        }
        var (claims, refusal) = federation.Issuer.Verify(jwt, federation.Audience, _time.GetUtcNow());
        if (claims is null || FakeServiceAccountIssuer.Subject(claims) != federation.Subject)
        {
            await Unauthorized(context, refusal ?? "subject does not match the federation");
            return;
        }
        var token = Mint(robot!);
        lock (_robots) _issued.Add(token);
        await WriteJsonAsync(context, 200, new JsonObject { ["token"] = token }.ToJsonString());
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Kind == FakeFaultKind.TooManyRequests ? 429 : 500, """{"error":"fault"}""");

    protected override void ReleaseResources() => _key.Dispose();

    private static Task Unauthorized(HttpContext context, string why) =>
        WriteJsonAsync(context, 401, new JsonObject { ["error"] = "invalid_token", ["error_description"] = why }.ToJsonString());

    private static (string? User, string? Password) Basic(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return (null, null);
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private string Mint(string robot)
    {
        var now = _time.GetUtcNow();
        var header = B64("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray());
        var claims = new JsonObject
        {
            ["iss"] = "quay",
            ["sub"] = robot,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
        };
        var input = header + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + B64(_key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
