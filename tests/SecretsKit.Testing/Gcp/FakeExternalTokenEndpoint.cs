using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// An identity provider's token endpoint, as a workload identity pool's OIDC provider trusts it and a credConfig
/// <c>credential_source.url</c> names it: <c>GET /token</c> with every header of <see cref="RequiredHeaders"/> equal to
/// its value (else 401); answers a fresh RS256 JWT of <see cref="Issuer"/> for <c>idp/workload</c> with the audience
/// <see cref="SubjectAudience"/>, as text or, with <see cref="JsonField"/>, as that field of a JSON object.
/// <see cref="PaddingBytes"/> adds that many bytes to the reply (an oversized answer).
/// </summary>
public sealed class FakeExternalTokenEndpoint : FakeHttpServer
{
    public const string SubjectAudience = "https://idp.secretskit.test/gcp";
    private readonly FakeServiceAccountIssuer _issuer = new(TimeProvider.System);

    private FakeExternalTokenEndpoint()
    {
    }

    /// <summary>The signer of the subject tokens; give it to <see cref="FakeGcpServer.AddWorkloadIdentityProvider"/>.</summary>
    public FakeServiceAccountIssuer Issuer => _issuer;

    /// <summary>The URL of the token endpoint: <c>http://127.0.0.1:PORT/token</c>.</summary>
    public string TokenUrl => new Uri(BaseAddress, "token").AbsoluteUri;

    /// <summary>Headers a request must carry, with these values.</summary>
    public IReadOnlyDictionary<string, string> RequiredHeaders { get; set; } = new Dictionary<string, string>();

    /// <summary>Null: the token is the whole body (text/plain); else the JSON field that holds it.</summary>
    public string? JsonField { get; set; }

    public int PaddingBytes { get; set; }

    public static async Task<FakeExternalTokenEndpoint> StartAsync()
    {
        var server = new FakeExternalTokenEndpoint();
        await server.StartServerAsync().ConfigureAwait(false);
        return server;
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (context.Request.Method != "GET" || context.Request.Path.Value != "/token")
        {
            await WriteJsonAsync(context, 404, """{"error":"not_found"}""").ConfigureAwait(false);
            return;
        }
        if (RequiredHeaders.Any(h => context.Request.Headers[h.Key] != h.Value))
        {
            await WriteJsonAsync(context, 401, """{"error":"unauthorized"}""").ConfigureAwait(false);
            return;
        }
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false)) return;
        var token = _issuer.Mint("idp", "workload", "idp-workload-uid", [SubjectAudience], TimeSpan.FromMinutes(10));
        var padding = new string(' ', PaddingBytes);
        if (JsonField is null)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(token + padding).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(context, 200, new JsonObject { [JsonField] = token, ["token_type"] = "Bearer" }.ToJsonString() + padding).ConfigureAwait(false);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Status, $$"""{"error":"{{fault.Kind}}"}""");

    protected override void ReleaseResources() => _issuer.Dispose();
}
