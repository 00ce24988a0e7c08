using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Http;

/// <summary>
/// Base of the AWS JSON 1.1 fakes: routes <c>X-Amz-Target: {prefix}.{Operation}</c>, checks that a SigV4
/// <c>Authorization</c> header is present and well-formed for the right service and region with a matching
/// <c>X-Amz-Date</c> and, when <see cref="ExpectCredentials"/> was called, that the signature itself verifies.
/// Errors use AWS's <c>{"__type": …, "message": …}</c> shape.
/// </summary>
public abstract partial class FakeAwsJsonServer(string signingName, string targetPrefix, string region, string jsonVersion = "1.1") : FakeHttpServer
{
    private readonly string _contentType = "application/x-amz-json-" + jsonVersion;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _expected = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Operation, string AccessKeyId)> _signedBy = new();

    /// <summary>The region requests must be signed for.</summary>
    public string Region { get; } = region;

    /// <summary>The access key id of the last signed request.</summary>
    public string? LastAccessKeyId { get; private set; }

    /// <summary>From now on, verify each signature against this key pair (403 InvalidSignatureException when wrong).</summary>
    public void ExpectCredentials(string accessKeyId, string secretAccessKey)
    {
        _expected.Clear();
        _expected[accessKeyId] = secretAccessKey;
    }

    /// <summary>Accepts one more key pair besides those of <see cref="ExpectCredentials"/> (two identities calling one service).</summary>
    public void AlsoAcceptCredentials(string accessKeyId, string secretAccessKey) => _expected[accessKeyId] = secretAccessKey;

    /// <summary>Each request whose signature was accepted: its operation and the access key id that signed it, in order.</summary>
    public IReadOnlyList<(string Operation, string AccessKeyId)> SignedBy => [.. _signedBy];

    /// <summary>The access key id that signed the request being handled (for per-identity checks in a derived fake).</summary>
    protected static string? SignerOf(HttpContext context) => context.Items.TryGetValue(SignerKey, out var v) ? v as string : null;

    private const string SignerKey = "aws.accessKeyId";

    protected override string OperationOf(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        return target.StartsWith(targetPrefix + ".", StringComparison.Ordinal) ? target[(targetPrefix.Length + 1)..] : "unknown";
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.ContentType != _contentType)
        {
            await ErrorAsync(context, 400, "SerializationException", $"expected POST with Content-Type {_contentType}");
            return;
        }
        if (CheckSignature(context, await ReadBodyAsync(context)) is { } problem)
        {
            await ErrorAsync(context, problem.Status, problem.Type, problem.Message);
            return;
        }
        _signedBy.Enqueue((operation, SignerOf(context)!));
        if (JsonNode.Parse(await ReadBodyAsync(context)) is not JsonObject body)
        {
            await ErrorAsync(context, 400, "SerializationException", "body is not a JSON object");
            return;
        }
        await HandleOperationAsync(context, operation, body);
    }

    protected abstract Task HandleOperationAsync(HttpContext context, string operation, JsonObject body);

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) => fault.Kind switch
    {
        FakeFaultKind.TooManyRequests => ErrorAsync(context, 429, fault.Code ?? "TooManyRequestsException", "Too many requests"),
        FakeFaultKind.Throttling => ErrorAsync(context, 400, fault.Code ?? "ThrottlingException", "Rate exceeded"),
        FakeFaultKind.Forbidden => ErrorAsync(context, 403, fault.Code ?? "AccessDeniedException", "User is not authorized to perform this operation"),
        _ => ErrorAsync(context, 500, fault.Code ?? "InternalServiceError", "An error occurred on the server side."),
    };

    protected Task ErrorAsync(HttpContext context, int status, string type, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), _contentType);

    protected Task OkAsync(HttpContext context, JsonObject body) => WriteJsonAsync(context, 200, body.ToJsonString(), _contentType);

    protected static double EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    private (int Status, string Type, string Message)? CheckSignature(HttpContext context, string body)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var amzDate = context.Request.Headers["X-Amz-Date"].ToString();
        if (authorization.Length == 0) return (400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success) return (400, "IncompleteSignatureException", "Authorization header is not a well-formed SigV4 header");
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _) ||
            !amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
        {
            return (400, "IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope");
        }
        if (match.Groups["service"].Value != signingName) return (403, "InvalidSignatureException", $"Credential should be scoped to correct service: '{signingName}'.");
        if (match.Groups["region"].Value != Region) return (403, "InvalidSignatureException", $"Credential should be scoped to a valid region: '{Region}'.");
        var signed = match.Groups["headers"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date")) return (400, "IncompleteSignatureException", "host and x-amz-date must be signed");
        var keyId = match.Groups["key"].Value;
        LastAccessKeyId = keyId;
        context.Items[SignerKey] = keyId;
        if (_expected.IsEmpty) return null;
        if (!_expected.TryGetValue(keyId, out var secretKey)) return (403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        var computed = SigV4Verifier.Signature(context, signed, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
            amzDate, match.Groups["date"].Value, Region, signingName, secretKey);
        return computed == match.Groups["sig"].Value
            ? null
            : (403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
    }
}
