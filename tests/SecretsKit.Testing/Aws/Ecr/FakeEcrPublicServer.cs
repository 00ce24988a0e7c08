using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.Ecr;

/// <summary>
/// Amazon ECR Public's <c>GetAuthorizationToken</c> over AWS JSON 1.1 with SigV4 (signing name <c>ecr-public</c>, target
/// prefix <c>SpencerFrontendService</c>), checked as the real service does: its body takes no member, and the answer's
/// <c>authorizationData</c> is one object (not a list, as private ECR's) without a proxy endpoint. Each call issues a fresh
/// password; the token is base64 <c>AWS:&lt;password&gt;</c> valid for 12 hours.
/// </summary>
public sealed class FakeEcrPublicServer : FakeAwsJsonServer
{
    private readonly TimeProvider _time;
    private int _issued;

    private FakeEcrPublicServer(string region, TimeProvider time) : base("ecr-public", "SpencerFrontendService", region) => _time = time;

    public static async Task<FakeEcrPublicServer> StartAsync(string region = "us-east-1", TimeProvider? time = null)
    {
        var server = new FakeEcrPublicServer(region, time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The password issued by the <paramref name="n"/>th call (1-based).</summary>
    public static string Password(int n) => $"ecr-public-password-{n}";

    /// <summary>When the token issued now expires.</summary>
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds()).AddHours(12);

    protected override Task HandleOperationAsync(HttpContext context, string operation, JsonObject body)
    {
        if (operation != "GetAuthorizationToken") return ErrorAsync(context, 400, "UnknownOperationException", $"unknown operation {operation}");
        if (body.Count > 0) return ErrorAsync(context, 400, "SerializationException", "GetAuthorizationToken takes no member");
        var n = Interlocked.Increment(ref _issued);
        return OkAsync(context, new JsonObject
        {
            ["authorizationData"] = new JsonObject
            {
                ["authorizationToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + Password(n))),
                ["expiresAt"] = EpochSeconds(ExpiresAt),
            },
        });
    }
}
