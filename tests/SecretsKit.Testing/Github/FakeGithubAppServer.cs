using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Github;

/// <summary>
/// GitHub's App installation-token endpoint, <c>POST /app/installations/{id}/access_tokens</c>, as strict as GitHub:
/// the bearer must be an RS256 JWT signed by the App's key (verified against <see cref="AppKey"/>), <c>iss</c> the App
/// id, not expired, issued at most 60 s ahead and living at most 10 minutes (else 401 with GitHub's message); an
/// unknown installation is 404; any other method 404. Answers 201 <c>{"token":"ghs_…","expires_at":…,"permissions":…}</c>.
/// </summary>
public sealed class FakeGithubAppServer : FakeHttpServer
{
    private readonly TimeProvider _time;
    private int _issued;

    private FakeGithubAppServer(string appId, long installationId, TimeProvider time)
    {
        AppId = appId;
        InstallationId = installationId;
        _time = time;
    }

    public string AppId { get; }

    public long InstallationId { get; }

    /// <summary>The App's private key; its PEM is what a user stores in the Secret.</summary>
    public RSA AppKey { get; } = RSA.Create(2048);

    /// <summary>The JSON body of the last accepted request (null when it had none).</summary>
    public JsonObject? LastBody { get; private set; }

    public static async Task<FakeGithubAppServer> StartAsync(string appId = "123456", long installationId = 987654, TimeProvider? time = null)
    {
        var server = new FakeGithubAppServer(appId, installationId, time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The installation token issued by the <paramref name="n"/>th accepted call.</summary>
    public static string Token(int n) => $"ghs_fakeInstallationToken{n:D4}";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        var path = context.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(context.Request.Method) || !path.StartsWith("/app/installations/", StringComparison.Ordinal) || !path.EndsWith("/access_tokens", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
            return;
        }
        if (Problem(context.Request.Headers.Authorization.ToString()) is { } problem)
        {
            await WriteJsonAsync(context, 401, new JsonObject { ["message"] = problem, ["documentation_url"] = "https://docs.github.com/rest" }.ToJsonString());
            return;
        }
        if (await TryApplyFaultAsync(context, operation)) return;
        if (path != $"/app/installations/{InstallationId}/access_tokens")
        {
            await WriteJsonAsync(context, 404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
            return;
        }
        var text = await ReadBodyAsync(context);
        LastBody = text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        var n = Interlocked.Increment(ref _issued);
        await WriteJsonAsync(context, 201, new JsonObject
        {
            ["token"] = Token(n),
            ["expires_at"] = _time.GetUtcNow().AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["permissions"] = LastBody?["permissions"]?.DeepClone() ?? new JsonObject { ["contents"] = "read" },
            ["repository_selection"] = LastBody?["repositories"] is null ? "all" : "selected",
        }.ToJsonString());
    }

    private string? Problem(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return "Requires authentication";
        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3) return "A JSON web token could not be decoded";
        try
        {
            var header = JsonNode.Parse(Decode(parts[0])) as JsonObject;
            var claims = JsonNode.Parse(Decode(parts[1])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "RS256") return "A JSON web token could not be decoded";
            if (!AppKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return "A JSON web token could not be decoded";
            }
            if (claims?["iss"]?.ToString() != AppId) return "'Issuer' claim ('iss') must be an Integer";
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            if (claims["exp"] is not JsonValue ev || !ev.TryGetValue<long>(out var exp) || claims["iat"] is not JsonValue iv || !iv.TryGetValue<long>(out var iat))
            {
                return "A JSON web token could not be decoded";
            }
            if (exp <= now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
            if (iat > now + 60 || exp - iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
            return null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return "A JSON web token could not be decoded";
        }
    }

    private static byte[] Decode(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Status, """{"message":"Server Error"}""");

    protected override void ReleaseResources() => AppKey.Dispose();
}
