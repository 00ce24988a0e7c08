using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Aws.Container;

/// <summary>One credentials request: its path, the identity it proved (a verified ServiceAccount subject, or the static token's name) and the status answered.</summary>
public sealed record FakeContainerCredentialsCall(string Path, string? Subject, int Status);

/// <summary>
/// The container credentials endpoint on 127.0.0.1, as the EKS Pod Identity agent (<c>GET /v1/credentials</c>, the
/// <c>Authorization</c> header carrying the pod's projected ServiceAccount token for audience
/// <c>pods.eks.amazonaws.com</c>, verified against the Kubernetes API fake's signer, on its clock) and ECS
/// (a task's relative path, no header, or a fixed token) serve it: JSON <c>AccessKeyId</c>, <c>SecretAccessKey</c>,
/// <c>Token</c> (fresh at each call), <c>AccountId</c>, <c>Expiration</c> (now + <see cref="Lifetime"/>). A missing or
/// refused token is 401/403 with <c>{"code","message"}</c>; other paths 404; anything but GET 405.
/// </summary>
public sealed class FakeContainerCredentialsServer : FakeHttpServer
{
    public const string PodIdentityAudience = "pods.eks.amazonaws.com";
    public const string PodIdentityPath = "/v1/credentials";

    private readonly object _gate = new();
    private readonly List<FakeContainerCredentialsCall> _calls = [];
    private readonly Dictionary<string, (string AccessKeyId, string SecretAccessKey)> _identities = new(StringComparer.Ordinal);
    private readonly Queue<(int Status, string Body)> _raw = new();
    private readonly TimeProvider _time;
    private FakeServiceAccountIssuer? _issuer;
    private string? _staticToken;

    private FakeContainerCredentialsServer(string path, TimeProvider time) => (Path, _time) = (path, time);

    /// <summary>A server answering on <paramref name="path"/> (the Pod Identity agent's by default).</summary>
    public static async Task<FakeContainerCredentialsServer> StartAsync(string path = PodIdentityPath, TimeProvider? time = null)
    {
        var server = new FakeContainerCredentialsServer(path, time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The path credentials are served on.</summary>
    public string Path { get; }

    /// <summary>The full URI a client is configured with.</summary>
    public Uri FullUri => new(BaseAddress, Path);

    /// <summary>How long issued credentials are valid (EKS Pod Identity: 6 hours).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(6);

    public IReadOnlyList<FakeContainerCredentialsCall> Calls
    {
        get { lock (_gate) return [.. _calls]; }
    }

    /// <summary>EKS Pod Identity: the ServiceAccount <c>NS/NAME</c> (token signed by <paramref name="issuer"/>) gets these keys.</summary>
    public void AddPodIdentity(FakeServiceAccountIssuer issuer, string ns, string serviceAccount, string accessKeyId, string secretAccessKey)
    {
        lock (_gate)
        {
            _issuer = issuer;
            _identities[$"system:serviceaccount:{ns}:{serviceAccount}"] = (accessKeyId, secretAccessKey);
        }
    }

    /// <summary>ECS with a fixed token (<c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>), or none at all when <paramref name="token"/> is null.</summary>
    public void AddStaticIdentity(string? token, string accessKeyId, string secretAccessKey)
    {
        lock (_gate)
        {
            _staticToken = token;
            _identities[StaticSubject] = (accessKeyId, secretAccessKey);
        }
    }

    /// <summary>The next call is answered with this status and body, as they are (a hostile or broken endpoint).</summary>
    public void AnswerNextWith(int status, string body)
    {
        lock (_gate) _raw.Enqueue((status, body));
    }

    private const string StaticSubject = "static-token";

    protected override string OperationOf(HttpContext context) => "credentials";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        var path = context.Request.Path.ToString();
        if (context.Request.Method != "GET")
        {
            await AnswerAsync(context, path, null, 405, "InvalidRequest", "only GET is served");
            return;
        }
        if (path != Path)
        {
            await AnswerAsync(context, path, null, 404, "NotFound", "no such credentials path");
            return;
        }
        (int Status, string Body)? raw;
        lock (_gate) raw = _raw.Count > 0 ? _raw.Dequeue() : null;
        if (raw is { } r)
        {
            lock (_gate) _calls.Add(new FakeContainerCredentialsCall(path, null, r.Status));
            await WriteJsonAsync(context, r.Status, r.Body);
            return;
        }
        if (await TryApplyFaultAsync(context, operation)) return;
        var (subject, status, code, message) = Authenticate(context.Request.Headers.Authorization.ToString());
        (string AccessKeyId, string SecretAccessKey) keys = default;
        bool known;
        lock (_gate) known = subject is not null && _identities.TryGetValue(subject, out keys);
        if (status == 200 && !known) (status, code, message) = (403, "AccessDeniedException", "no role is associated with this identity");
        if (status != 200)
        {
            await AnswerAsync(context, path, subject, status, code!, message!);
            return;
        }
        lock (_gate) _calls.Add(new FakeContainerCredentialsCall(path, subject, 200));
        var expiration = _time.GetUtcNow().Add(Lifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["AccessKeyId"] = keys.AccessKeyId,
            ["SecretAccessKey"] = keys.SecretAccessKey,
            ["Token"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["AccountId"] = "111122223333",
            ["Expiration"] = expiration,
        }.ToJsonString());
    }

    private (string? Subject, int Status, string? Code, string? Message) Authenticate(string authorization)
    {
        FakeServiceAccountIssuer? issuer;
        string? fixedToken;
        bool open;
        lock (_gate) (issuer, fixedToken, open) = (_issuer, _staticToken, _identities.ContainsKey(StaticSubject) && _staticToken is null);
        if (open) return (StaticSubject, 200, null, null);
        if (authorization.Length == 0) return (null, 401, "UnauthorizedException", "the Authorization header is required");
        if (fixedToken is not null && authorization == fixedToken) return (StaticSubject, 200, null, null);
        if (issuer is null) return (null, 403, "AccessDeniedException", "the token is not valid");
        var (claims, refusal) = issuer.Verify(authorization, PodIdentityAudience, issuer.Time.GetUtcNow());
        return claims is null ? (null, 401, "InvalidTokenException", "Service account token cannot be empty or invalid: " + refusal) : (FakeServiceAccountIssuer.Subject(claims), 200, null, null);
    }

    private async Task AnswerAsync(HttpContext context, string path, string? subject, int status, string code, string message)
    {
        lock (_gate) _calls.Add(new FakeContainerCredentialsCall(path, subject, status));
        await WriteJsonAsync(context, status, new JsonObject { ["code"] = code, ["message"] = message }.ToJsonString());
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) => fault.Kind switch
    {
        FakeFaultKind.Forbidden => WriteJsonAsync(context, 403, """{"code":"AccessDeniedException","message":"denied"}"""),
        FakeFaultKind.TooManyRequests or FakeFaultKind.Throttling => WriteJsonAsync(context, 429, """{"code":"ThrottlingException","message":"rate exceeded"}"""),
        _ => WriteJsonAsync(context, 500, """{"code":"InternalServerError","message":"internal error"}"""),
    };
}
