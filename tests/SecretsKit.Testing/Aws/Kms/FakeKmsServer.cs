using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.Kms;

/// <summary>
/// AWS KMS on loopback, speaking the AWS JSON 1.1 protocol (<c>X-Amz-Target: TrentService.Encrypt|Decrypt</c>), plus
/// the STS query API's <c>AssumeRole</c>. Requires a well-formed SigV4 <c>Authorization</c> and <c>X-Amz-Date</c>;
/// errors come in the AWS JSON shape (<c>__type</c>, <c>message</c>).
/// </summary>
public sealed class FakeKmsServer : FakeHttpServer
{
    private const string JsonContentType = "application/x-amz-json-1.1";
    private readonly ConcurrentDictionary<string, FakeSymmetricKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _assumedRoles = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<KmsCall> _calls = new();

    private FakeKmsServer()
    {
    }

    public static async Task<FakeKmsServer> StartAsync()
    {
        var server = new FakeKmsServer();
        await server.StartServerAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Every request received, in order (including STS and rejected ones).</summary>
    public IReadOnlyList<KmsCall> Calls => _calls.ToArray();

    public int CountCalls(string operation) => _calls.Count(c => c.Operation == operation);

    /// <summary>Roles assumed through STS, by temporary access key id → role ARN.</summary>
    public IReadOnlyDictionary<string, string> AssumedRoles => _assumedRoles;

    /// <summary>Creates a key and returns its ARN, e.g. <c>arn:aws:kms:eu-west-3:111122223333:key/…</c>.</summary>
    public string CreateKey(string region = "us-east-1", string account = "111122223333")
    {
        var key = new FakeSymmetricKey($"arn:aws:kms:{region}:{account}:key/{Guid.NewGuid()}");
        _keys[key.Id] = key;
        return key.Id;
    }

    /// <summary>The KMS action without its <c>TrentService.</c> prefix; <c>sts</c> for the STS query API.</summary>
    protected override string OperationOf(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length == 0) return "sts";
        return target.StartsWith("TrentService.", StringComparison.Ordinal) ? target["TrentService.".Length..] : target;
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        var request = context.Request;
        var signature = AwsRequestSignature.TryParse(request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
            request.Headers["X-Amz-Date"].ToString() is { Length: > 0 } d ? d : null);
        var hasToken = request.Headers.ContainsKey("X-Amz-Security-Token");
        var target = request.Headers["X-Amz-Target"].ToString();
        if (request.Method == "POST" && target.Length == 0 && request.HasFormContentType)
        {
            await StsAsync(context, signature, hasToken).ConfigureAwait(false);
            return;
        }
        var call = new KmsCall(operation, signature?.Region ?? "", signature?.AccessKeyId ?? "", hasToken, "", 0);

        if (signature is null || signature.Service != "kms")
        {
            await ErrorAsync(context, call, 400, "IncompleteSignatureException", "missing or malformed SigV4 signature").ConfigureAwait(false);
            return;
        }
        if (request.Method != "POST" || !request.ContentType!.StartsWith(JsonContentType, StringComparison.Ordinal))
        {
            await ErrorAsync(context, call, 400, "SerializationException", "expected POST with " + JsonContentType).ConfigureAwait(false);
            return;
        }
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false))
        {
            _calls.Enqueue(call with { Status = context.Response.StatusCode });
            return;
        }

        var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync().ConfigureAwait(false))?.AsObject() ?? new JsonObject();
        var contextMap = body["EncryptionContext"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var keyId = body["KeyId"]?.GetValue<string>() ?? "";
        call = call with { KeyId = keyId };
        var kms = new KmsRequest(context, call, body, contextMap, keyId, signature.Region);
        switch (operation)
        {
            case "Encrypt":
                await EncryptAsync(kms).ConfigureAwait(false);
                return;
            case "Decrypt":
                await DecryptAsync(kms).ConfigureAwait(false);
                return;
            default:
                await ErrorAsync(context, call, 400, "UnknownOperationException", "operation not supported by the fake").ConfigureAwait(false);
                return;
        }
    }

    /// <summary>One signed, well-formed KMS request: its call record, JSON body, encryption context, key id and region.</summary>
    private sealed record KmsRequest(HttpContext Context, KmsCall Call, JsonObject Body, Dictionary<string, string> EncryptionContext,
        string KeyId, string Region);

    private async Task EncryptAsync(KmsRequest r)
    {
        if (!_keys.TryGetValue(r.KeyId, out var key) || RegionOf(key) != r.Region)
        {
            await ErrorAsync(r.Context, r.Call, 400, "NotFoundException", "Key '" + r.KeyId + "' does not exist").ConfigureAwait(false);
            return;
        }
        var plaintext = Convert.FromBase64String(r.Body["Plaintext"]!.GetValue<string>());
        var blob = key.Encrypt(plaintext, r.EncryptionContext);
        await OkAsync(r.Context, r.Call, new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(blob),
            ["KeyId"] = key.Id,
            ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
        }).ConfigureAwait(false);
    }

    private async Task DecryptAsync(KmsRequest r)
    {
        var blob = Convert.FromBase64String(r.Body["CiphertextBlob"]?.GetValue<string>() ?? "");
        var handle = FakeSymmetricKey.HandleOf(blob);
        var key = handle is null ? null : _keys.Values.FirstOrDefault(k => k.Handle.AsSpan().SequenceEqual(handle));
        if (key is null || RegionOf(key) != r.Region)
        {
            await ErrorAsync(r.Context, r.Call, 400, "InvalidCiphertextException", "ciphertext not recognised").ConfigureAwait(false);
            return;
        }
        if (r.KeyId.Length > 0 && r.KeyId != key.Id)
        {
            await ErrorAsync(r.Context, r.Call, 400, "IncorrectKeyException", "ciphertext was not encrypted under the given key").ConfigureAwait(false);
            return;
        }
        var plaintext = key.TryDecrypt(blob, r.EncryptionContext);
        if (plaintext is null)
        {
            await ErrorAsync(r.Context, r.Call, 400, "InvalidCiphertextException", "ciphertext or encryption context is invalid").ConfigureAwait(false);
            return;
        }
        await OkAsync(r.Context, r.Call with { KeyId = key.Id }, new JsonObject
        {
            ["KeyId"] = key.Id,
            ["Plaintext"] = Convert.ToBase64String(plaintext),
            ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
        }).ConfigureAwait(false);
    }

    private static string RegionOf(FakeSymmetricKey key) => key.Id.Split(':')[3];

    private async Task StsAsync(HttpContext context, AwsRequestSignature? signature, bool hasToken)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var roleArn = form["RoleArn"].ToString();
        var call = new KmsCall("AssumeRole", signature?.Region ?? "", signature?.AccessKeyId ?? "", hasToken, roleArn, 200);
        if (signature is null || signature.Service != "sts" || form["Action"] != "AssumeRole" || form["Version"] != "2011-06-15"
            || !form["RoleSessionName"].ToString().StartsWith("sops@", StringComparison.Ordinal))
        {
            _calls.Enqueue(call with { Status = 400 });
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>bad AssumeRole request</Message></Error></ErrorResponse>").ConfigureAwait(false);
            return;
        }
        _calls.Enqueue(call);
        var accessKey = "ASIA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        _assumedRoles[accessKey] = roleArn;
        var expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>" +
            $"<AccessKeyId>{accessKey}</AccessKeyId><SecretAccessKey>{Convert.ToHexString(RandomNumberGenerator.GetBytes(20))}</SecretAccessKey>" +
            $"<SessionToken>{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}</SessionToken><Expiration>{expiration}</Expiration>" +
            $"</Credentials><AssumedRoleUser><Arn>{roleArn}</Arn><AssumedRoleId>AROAFAKE:{form["RoleSessionName"]}</AssumedRoleId></AssumedRoleUser>" +
            "</AssumeRoleResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></AssumeRoleResponse>").ConfigureAwait(false);
    }

    private async Task OkAsync(HttpContext context, KmsCall call, JsonObject body)
    {
        _calls.Enqueue(call with { Status = 200 });
        context.Response.ContentType = JsonContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private async Task ErrorAsync(HttpContext context, KmsCall call, int status, string type, string message)
    {
        _calls.Enqueue(call with { Status = status });
        context.Response.StatusCode = status;
        await WriteErrorAsync(context, type, message).ConfigureAwait(false);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        context.Response.StatusCode = fault.Status;
        return WriteErrorAsync(context, fault.Code ?? "KMSInternalException", "injected fault");
    }

    private static Task WriteErrorAsync(HttpContext context, string type, string message)
    {
        context.Response.ContentType = JsonContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        return context.Response.WriteAsync(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString());
    }
}
