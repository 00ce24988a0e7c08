using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.Ecr;

/// <summary>
/// Amazon ECR's <c>GetAuthorizationToken</c> over AWS JSON 1.1 with SigV4 (signing name <c>ecr</c>), checked as the real
/// service does (method, content type, signature, region; unknown targets 400 <c>UnknownOperationException</c>). Each
/// call issues a fresh password; the token is base64 <c>AWS:&lt;password&gt;</c> valid for 12 hours.
/// </summary>
public sealed class FakeEcrServer : FakeAwsJsonServer
{
    private readonly TimeProvider _time;
    private int _issued;

    private FakeEcrServer(string region, TimeProvider time) : base("ecr", "AmazonEC2ContainerRegistry_V20150921", region) => _time = time;

    public const string Account = "123456789012";

    public static async Task<FakeEcrServer> StartAsync(string region = "eu-west-1", TimeProvider? time = null)
    {
        var server = new FakeEcrServer(region, time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The password issued by the <paramref name="n"/>th call (1-based).</summary>
    public static string Password(int n) => $"ecr-password-{n}";

    public string ProxyEndpoint => $"https://{Account}.dkr.ecr.{Region}.amazonaws.com";

    /// <summary>When the token issued now expires.</summary>
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds()).AddHours(12);

    protected override Task HandleOperationAsync(HttpContext context, string operation, JsonObject body)
    {
        if (operation != "GetAuthorizationToken") return ErrorAsync(context, 400, "UnknownOperationException", $"unknown operation {operation}");
        if (body.Count > 0 && body["registryIds"] is null) return ErrorAsync(context, 400, "SerializationException", "unexpected field");
        var n = Interlocked.Increment(ref _issued);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + Password(n)));
        return OkAsync(context, new JsonObject
        {
            ["authorizationData"] = new JsonArray(new JsonObject
            {
                ["authorizationToken"] = token,
                ["expiresAt"] = EpochSeconds(ExpiresAt),
                ["proxyEndpoint"] = ProxyEndpoint,
            }),
        });
    }
}
