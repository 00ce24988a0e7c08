using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Webhook;

/// <summary>
/// A generic JSON web service as ESO's webhook provider and generator docs use one, strict about its wire: every
/// request needs <c>Authorization: Bearer &lt;token&gt;</c> (else 401 with <c>WWW-Authenticate</c>), or, started with
/// <see cref="StartNtlmAsync"/>, an NTLM handshake instead (<see cref="NtlmAcceptor"/>);
/// <c>GET /secrets/{key}</c> answers the stored JSON document (404 when absent), <c>POST</c> or <c>PUT</c> stores the request
/// body as the document (a body is required: 400 without one), <c>DELETE</c> removes it (204; 404 when absent); any
/// other method 405 with <c>Allow</c>;
/// <c>GET /get</c> echoes its query parameters and headers as httpbin does (<c>{"args":{…},"headers":{…}}</c>);
/// <c>POST /tokens</c> needs a JSON object body (<c>Content-Type: application/json</c>, else 415; unparsable 400) and
/// answers <c>{"data":{"token":"tok-N","client":&lt;body.client&gt;,"expires_in":3600}}</c>.
/// </summary>
public sealed class FakeWebhookServer : FakeHttpServer
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private int _issued;

    private FakeWebhookServer(string token, NtlmAcceptor? ntlm = null) => (Token, Ntlm) = (token, ntlm);

    /// <summary>The bearer token every request must carry.</summary>
    public string Token { get; }

    public static async Task<FakeWebhookServer> StartAsync(string token = "webhook-token", X509Certificate2? tls = null)
    {
        var server = new FakeWebhookServer(token);
        await server.StartServerAsync(tls);
        return server;
    }

    /// <summary>The NTLM account every request must authenticate as (no bearer token then), or null.</summary>
    public NtlmAcceptor? Ntlm { get; }

    /// <summary>A server that authenticates every request with NTLM as <paramref name="domain"/>\<paramref name="user"/>.</summary>
    public static async Task<FakeWebhookServer> StartNtlmAsync(string user, string domain, string password, X509Certificate2? tls = null)
    {
        var server = new FakeWebhookServer("", new NtlmAcceptor(user, domain, password));
        await server.StartServerAsync(tls);
        return server;
    }

    /// <summary>Serves <paramref name="json"/> at <c>GET /secrets/{key}</c>.</summary>
    public void Put(string key, string json) => _documents[key] = json;

    protected override string OperationOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/secrets", StringComparison.Ordinal) ? "secrets" : context.Request.Path.Value ?? "";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (Ntlm is not null)
        {
            if (!await Ntlm.AuthenticateAsync(context)) return;
        }
        else if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteJsonAsync(context, 401, """{"error":"unauthorized"}""");
            return;
        }
        if (await TryApplyFaultAsync(context, operation)) return;
        switch (operation)
        {
            case "secrets":
                await SecretsAsync(context);
                return;
            case "/get":
                if (!Allow(context, "GET")) return;
                var args = new JsonObject();
                foreach (var (name, value) in context.Request.Query) args[name] = value.ToString();
                var headers = new JsonObject();
                foreach (var (name, value) in context.Request.Headers) headers[name] = value.ToString();
                await WriteJsonAsync(context, 200, new JsonObject { ["args"] = args, ["headers"] = headers }.ToJsonString());
                return;
            case "/tokens":
                if (!Allow(context, "POST")) return;
                if (!(context.Request.ContentType ?? "").StartsWith("application/json", StringComparison.Ordinal))
                {
                    await WriteJsonAsync(context, 415, """{"error":"Content-Type must be application/json"}""");
                    return;
                }
                JsonObject? body;
                try
                {
                    body = JsonNode.Parse(await ReadBodyAsync(context)) as JsonObject;
                }
                catch (System.Text.Json.JsonException)
                {
                    body = null;
                }
                if (body is null)
                {
                    await WriteJsonAsync(context, 400, """{"error":"body must be a JSON object"}""");
                    return;
                }
                var n = Interlocked.Increment(ref _issued);
                await WriteJsonAsync(context, 200, new JsonObject
                {
                    ["data"] = new JsonObject { ["token"] = $"tok-{n}", ["client"] = body["client"]?.DeepClone(), ["expires_in"] = 3600 },
                }.ToJsonString());
                return;
            default:
                await WriteJsonAsync(context, 404, """{"error":"no such route"}""");
                return;
        }
    }

    /// <summary>A stored document (what a push sent), or null.</summary>
    public string? Document(string key) => _documents.TryGetValue(key, out var doc) ? doc : null;

    private async Task SecretsAsync(HttpContext context)
    {
        var key = Uri.UnescapeDataString(context.Request.Path.Value!["/secrets/".Length..]);
        switch (context.Request.Method)
        {
            case "GET":
                if (_documents.TryGetValue(key, out var doc)) await WriteJsonAsync(context, 200, doc);
                else await WriteJsonAsync(context, 404, """{"error":"not found"}""");
                return;
            case "POST" or "PUT":
                var body = await ReadBodyAsync(context);
                if (body.Length == 0)
                {
                    await WriteJsonAsync(context, 400, """{"error":"a body is required"}""");
                    return;
                }
                _documents[key] = body;
                await WriteJsonAsync(context, 200, """{"stored":true}""");
                return;
            case "DELETE":
                if (_documents.TryRemove(key, out _)) context.Response.StatusCode = 204;
                else await WriteJsonAsync(context, 404, """{"error":"not found"}""");
                return;
            default:
                context.Response.StatusCode = 405;
                context.Response.Headers.Allow = "GET, POST, PUT, DELETE";
                return;
        }
    }

    private static bool Allow(HttpContext context, string method)
    {
        if (context.Request.Method == method) return true;
        context.Response.StatusCode = 405;
        context.Response.Headers.Allow = method;
        return false;
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Status, $$"""{"error":"{{fault.Kind}}"}""");
}
