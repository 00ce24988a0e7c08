using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.S3;

/// <summary>
/// Amazon S3 <c>PutObject</c> (path-style <c>PUT /{bucket}/{key}</c>) on loopback. Every request must carry a SigV4
/// signature for service <c>s3</c> and <see cref="Region"/> made with the expected key pair (checked by
/// <see cref="SigV4Verifier"/>, independently of the client's signer) and an <c>x-amz-content-sha256</c> equal to the
/// body's hash; otherwise S3's XML error. Stored objects are readable with <see cref="StoredObject"/>.
/// </summary>
public sealed partial class FakeS3Server : FakeHttpServer
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), byte[]> _objects = new();
    private readonly HashSet<string> _buckets = new(StringComparer.Ordinal);

    private FakeS3Server(string region, string accessKey, string secretKey)
    {
        Region = region;
        AccessKey = accessKey;
        SecretKey = secretKey;
    }

    public string Region { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public static async Task<FakeS3Server> StartAsync(string region = "eu-west-1")
    {
        var server = new FakeS3Server(region, "AKIDS3FAKE" + RandomNumberGenerator.GetInt32(100000, 999999).ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The variables a client needs to reach this fake with valid credentials.</summary>
    public Dictionary<string, string?> Environment => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey, ["AWS_SECRET_ACCESS_KEY"] = SecretKey, ["AWS_SESSION_TOKEN"] = null,
        ["AWS_REGION"] = Region, ["AWS_ENDPOINT_URL_S3"] = BaseAddress.ToString(), ["AWS_PROFILE"] = null,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public void CreateBucket(string bucket)
    {
        lock (_buckets) _buckets.Add(bucket);
    }

    public byte[]? StoredObject(string bucket, string key) => _objects.TryGetValue((bucket, key), out var v) ? v : null;

    public IReadOnlyList<string> Keys(string bucket) => _objects.Keys.Where(k => k.Bucket == bucket).Select(k => k.Key).Order(StringComparer.Ordinal).ToList();

    protected override string OperationOf(HttpContext context) => context.Request.Method == "PUT" ? "PutObject" : "unknown";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        using var buffer = new MemoryStream();
        context.Request.Body.Position = 0;
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (CheckSignature(context, body) is { } problem)
        {
            await ErrorAsync(context, problem.Status, problem.Code, problem.Message);
            return;
        }
        var path = context.Request.Path.Value ?? "/";
        var slash = path.IndexOf('/', 1);
        if (operation != "PutObject" || slash < 0)
        {
            await ErrorAsync(context, 405, "MethodNotAllowed", "only PutObject is served");
            return;
        }
        var bucket = path[1..slash];
        bool known;
        lock (_buckets) known = _buckets.Contains(bucket);
        if (!known)
        {
            await ErrorAsync(context, 404, "NoSuchBucket", "The specified bucket does not exist");
            return;
        }
        _objects[(bucket, path[(slash + 1)..])] = body;
        context.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";
        context.Response.StatusCode = 200;
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    private (int Status, string Code, string Message)? CheckSignature(HttpContext context, byte[] body)
    {
        var match = AuthorizationPattern().Match(context.Request.Headers.Authorization.ToString());
        if (!match.Success) return (403, "AccessDenied", "Anonymous access is forbidden; a SigV4 Authorization header is required");
        var amzDate = context.Request.Headers["X-Amz-Date"].ToString();
        var contentHash = context.Request.Headers["x-amz-content-sha256"].ToString();
        var signed = match.Groups["headers"].Value.Split(';');
        if (!amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal) || !signed.Contains("host") || !signed.Contains("x-amz-date")
            || !signed.Contains("x-amz-content-sha256"))
        {
            return (400, "AuthorizationHeaderMalformed", "host, x-amz-date and x-amz-content-sha256 must be signed, with a matching date");
        }
        if (contentHash != Convert.ToHexStringLower(SHA256.HashData(body))) return (400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        if (match.Groups["service"].Value != "s3" || match.Groups["region"].Value != Region) return (400, "AuthorizationHeaderMalformed", $"the credential scope must be {Region}/s3");
        if (match.Groups["key"].Value != AccessKey) return (403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        var expected = SigV4Verifier.Signature(context, signed, contentHash, amzDate, match.Groups["date"].Value, Region, "s3", SecretKey);
        return expected == match.Groups["sig"].Value ? null : (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        ErrorAsync(context, fault.Status, fault.Code ?? "InternalError", "injected fault");

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>", "application/xml");
}
