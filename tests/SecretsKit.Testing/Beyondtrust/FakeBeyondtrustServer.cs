using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Tls;

namespace SecretsKit.Testing.Beyondtrust;

/// <summary>
/// A wire-level fake of BeyondTrust Workload Credentials' secrets API over TLS on 127.0.0.1 (certificate from a
/// <see cref="TestCertificateAuthority"/>), served under <c>/site/{siteId}/secrets</c> as the real base URL is: <c>POST
/// dynamic/{name}/generate?folder={folder}</c> (201 with <c>{"secret": {…}}</c>, fresh AWS-style credentials each call;
/// no body). Every request needs <c>bt-secrets-api-version: 2026-04-28</c> (400 otherwise) and a Bearer personal access
/// token of the site (401 otherwise); an unknown site or dynamic secret is 404, another method 405. Error bodies are
/// <c>{"error", "message"}</c>. Operation <c>generate</c>.
/// </summary>
public sealed partial class FakeBeyondtrustServer : FakeHttpServer
{
    public const string ApiVersion = "2026-04-28";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _definitions = new(StringComparer.Ordinal);
    private readonly List<(string Path, string AccessKeyId, string LeaseId)> _issued = [];

    private FakeBeyondtrustServer(string siteId) => SiteId = siteId;

    public static async Task<FakeBeyondtrustServer> StartAsync(TestCertificateAuthority authority, string siteId)
    {
        var server = new FakeBeyondtrustServer(siteId);
        await server.StartServerAsync(authority.IssueServerCertificate());
        return server;
    }

    public string SiteId { get; }

    /// <summary>The <c>apiUrl</c> a spec names: <c>https://127.0.0.1:port/site</c>.</summary>
    public string ApiUrl => new Uri(BaseAddress, "/site").ToString();

    /// <summary>The credentials issued (definition path, access key id, lease id), in order.</summary>
    public IReadOnlyList<(string Path, string AccessKeyId, string LeaseId)> Issued
    {
        get { lock (_gate) return [.. _issued]; }
    }

    public string AddToken()
    {
        var token = "bt_pat_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        lock (_gate) _tokens.Add(token);
        return token;
    }

    /// <summary>A dynamic secret definition at <paramref name="path"/> (<c>folder/name</c>); <paramref name="sessionToken"/>: it issues STS credentials.</summary>
    public void AddDynamicSecret(string path, bool sessionToken = true)
    {
        lock (_gate) _definitions[path] = sessionToken;
    }

    [GeneratedRegex("^/site/([^/]+)/secrets/dynamic/([^/]+)/generate$")]
    private static partial Regex GeneratePath();

    protected override string OperationOf(HttpContext context) =>
        GeneratePath().IsMatch(context.Request.Path.Value ?? "") ? context.Request.Method == "POST" ? "generate" : "not-allowed" : "other";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        var (status, body) = await AnswerAsync(context, operation);
        if (status == 0) return; // a fault answered
        await WriteJsonAsync(context, status, body.ToJsonString());
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        WriteJsonAsync(context, fault.Status == 0 ? 500 : fault.Status, Error("internal_error", "internal server error").ToJsonString());

    private async Task<(int, JsonObject)> AnswerAsync(HttpContext context, string operation)
    {
        if (operation == "other") return (404, Error("not_found", "route not found"));
        if (context.Request.Headers["bt-secrets-api-version"].ToString() != ApiVersion) return (400, Error("bad_request", "missing or unsupported bt-secrets-api-version header"));
        var match = GeneratePath().Match(context.Request.Path.Value!);
        var header = context.Request.Headers.Authorization.ToString();
        lock (_gate)
        {
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.Contains(header["Bearer ".Length..])) return (401, Error("unauthorized", "invalid or expired token"));
        }
        if (match.Groups[1].Value != SiteId) return (404, Error("not_found", "site not found"));
        if (operation == "not-allowed") return (405, Error("method_not_allowed", "method not allowed"));
        if (await TryApplyFaultAsync(context, operation)) return (0, []);
        if ((await ReadBodyAsync(context)).Length > 0) return (400, Error("bad_request", "generate takes no request body"));
        var name = Uri.UnescapeDataString(match.Groups[2].Value);
        var folder = context.Request.Query["folder"].ToString();
        var path = folder.Length > 0 ? folder + "/" + name : name;
        lock (_gate)
        {
            if (!_definitions.TryGetValue(path, out var session)) return (404, Error("not_found", "dynamic secret not found"));
            var issued = (path, "ASIA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), Guid.NewGuid().ToString());
            _issued.Add(issued);
            var secret = new JsonObject
            {
                ["accessKeyId"] = issued.Item2,
                ["secretAccessKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
                ["leaseId"] = issued.Item3,
                ["expiration"] = "2030-01-01T00:15:00Z",
            };
            if (session) secret["sessionToken"] = "IQoJ" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            return (201, new JsonObject { ["secret"] = secret });
        }
    }

    private static JsonObject Error(string error, string message) => new() { ["error"] = error, ["message"] = message };
}
