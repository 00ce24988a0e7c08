using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.HuaweiCloud;

/// <summary>
/// HuaweiCloud KMS (DEW) on loopback: <c>POST /v1.0/{project_id}/kms/encrypt-data|decrypt-data</c> behind the API
/// gateway's AK/SK check (<see cref="HuaweiApigSignature"/>; the signing key's project must match the path and
/// <c>X-Project-Id</c>; temporary keys need their <c>X-Security-Token</c>). Bodies are strict: unknown or missing fields
/// are a 400. Gateway errors are <c>{"error_code","error_msg","request_id"}</c>, KMS errors
/// <c>{"error":{"error_code","error_msg"}}</c> (the codes are the fake's model, <c>APIGW.*</c>/<c>KMS.*</c>).
/// </summary>
public sealed class FakeHuaweiKmsServer : FakeHttpServer
{
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["encrypt-data"] = ["key_id", "plain_text", "encryption_algorithm", "encryption_context", "sequence"],
        ["decrypt-data"] = ["cipher_text", "encryption_algorithm", "encryption_context", "key_id", "sequence"],
    };

    private readonly ConcurrentDictionary<string, FakeSymmetricKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HuaweiAccessKey> _accessKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HuaweiKmsCall> _calls = new();

    private FakeHuaweiKmsServer()
    {
    }

    public static async Task<FakeHuaweiKmsServer> StartAsync()
    {
        var server = new FakeHuaweiKmsServer();
        await server.StartServerAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>The region the fake serves; key ids are <c>{Region}:{uuid}</c>.</summary>
    public string Region { get; } = "tr-west-1";

    public IReadOnlyList<HuaweiKmsCall> Calls => _calls.ToArray();

    public int CountCalls(string operation, int status = 200) => _calls.Count(c => c.Operation == operation && c.Status == status);

    /// <summary>The variable that points the SDK (and SecretsKit) at this server for <see cref="Region"/>.</summary>
    public KeyValuePair<string, string> EndpointVariable =>
        new("HUAWEICLOUD_SDK_REGION_KMS_" + Region.ToUpperInvariant().Replace('-', '_'), BaseAddress.ToString());

    /// <summary>Creates a key and returns its id as sops spells it: <c>region:key-uuid</c>.</summary>
    public string CreateKey()
    {
        var uuid = Guid.NewGuid().ToString();
        _keys[uuid] = new FakeSymmetricKey(uuid);
        return $"{Region}:{uuid}";
    }

    /// <summary>Registers an access key pair (temporary when <paramref name="temporary"/>: then a security token is required).</summary>
    public HuaweiAccessKey CreateAccessKey(string projectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9", bool temporary = false)
    {
        var key = new HuaweiAccessKey("HPUA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)), projectId,
            temporary ? "gQpjbi1ub3J0aC00" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)) : null);
        _accessKeys[key.AccessKey] = key;
        return key;
    }

    /// <summary>The KMS action, the last path segment (<c>create-datakey</c>, <c>decrypt-datakey</c>…).</summary>
    protected override string OperationOf(HttpContext context) =>
        (context.Request.Path.Value ?? "").Split('/') is { Length: 5 } segments ? segments[4] : "unknown";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/');
        // "", "v1.0", project, "kms", action
        if (context.Request.Method != "POST" || segments.Length != 5 || segments[1] != "v1.0" || segments[3] != "kms"
            || !Fields.ContainsKey(segments[4]))
        {
            await GatewayErrorAsync(context, new HuaweiKmsCall("unknown", "", 0), 404, "APIGW.0101", "The API does not exist or has not been published in the environment").ConfigureAwait(false);
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        var body = buffer.ToArray();

        var (caller, reason) = HuaweiApigSignature.Verify(context, body, ak => _accessKeys.GetValueOrDefault(ak));
        if (caller is null || !Authorized(context, caller, segments[2]))
        {
            await GatewayErrorAsync(context, new HuaweiKmsCall(operation, "", 0), 401, "APIGW.0301",
                "Incorrect IAM authentication information: " + (caller is null ? reason : "project or security token mismatch")).ConfigureAwait(false);
            return;
        }
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false))
        {
            _calls.Enqueue(new HuaweiKmsCall(operation, "", context.Response.StatusCode));
            return;
        }
        await ServeAsync(context, operation, body).ConfigureAwait(false);
    }

    private static bool Authorized(HttpContext context, HuaweiAccessKey caller, string pathProject)
    {
        var signed = context.Request.Headers.Authorization.ToString();
        if (pathProject != caller.ProjectId || context.Request.Headers["X-Project-Id"].ToString() != caller.ProjectId) return false;
        if (caller.SecurityToken is null) return true;
        return context.Request.Headers["X-Security-Token"].ToString() == caller.SecurityToken
            && signed.Contains("x-security-token", StringComparison.Ordinal);
    }

    private async Task ServeAsync(HttpContext context, string operation, byte[] raw)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }
        var unknown = body?.Select(p => p.Key).FirstOrDefault(k => !Fields[operation].Contains(k));
        if (body is null || unknown is not null || !IsContentTypeJson(context))
        {
            await KmsErrorAsync(context, new HuaweiKmsCall(operation, "", 400), 400, "KMS.0203",
                unknown is null ? "invalid request body" : $"unknown parameter {unknown}").ConfigureAwait(false);
            return;
        }
        if (body["encryption_algorithm"]?.GetValue<string>() is { } algorithm && algorithm != "SYMMETRIC_DEFAULT")
        {
            await KmsErrorAsync(context, new HuaweiKmsCall(operation, "", 400), 400, "KMS.0203", "unsupported encryption_algorithm").ConfigureAwait(false);
            return;
        }
        if (operation == "encrypt-data")
        {
            await EncryptAsync(context, body).ConfigureAwait(false);
        }
        else
        {
            await DecryptAsync(context, body).ConfigureAwait(false);
        }
    }

    private async Task EncryptAsync(HttpContext context, JsonObject body)
    {
        var keyId = body["key_id"]?.GetValue<string>() ?? "";
        var plain = body["plain_text"]?.GetValue<string>() ?? "";
        var call = new HuaweiKmsCall("encrypt-data", keyId, 0);
        if (plain.Length is 0 or > 4096)
        {
            await KmsErrorAsync(context, call, 400, "KMS.0203", "plain_text must be 1 to 4096 bytes").ConfigureAwait(false);
            return;
        }
        if (!_keys.TryGetValue(keyId, out var key))
        {
            await KmsErrorAsync(context, call, 404, "KMS.0207", "the key does not exist").ConfigureAwait(false);
            return;
        }
        var blob = key.Encrypt(Encoding.UTF8.GetBytes(plain));
        await OkAsync(context, call, new JsonObject { ["key_id"] = keyId, ["cipher_text"] = Convert.ToBase64String(blob) }).ConfigureAwait(false);
    }

    private async Task DecryptAsync(HttpContext context, JsonObject body)
    {
        var keyId = body["key_id"]?.GetValue<string>() ?? "";
        var call = new HuaweiKmsCall("decrypt-data", keyId, 0);
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(body["cipher_text"]?.GetValue<string>() ?? "");
        }
        catch (FormatException)
        {
            blob = [];
        }
        var owner = FakeSymmetricKey.HandleOf(blob) is { } handle
            ? _keys.Values.FirstOrDefault(k => k.Handle.AsSpan().SequenceEqual(handle)) : null;
        var plain = owner is not null && (keyId.Length == 0 || owner.Id == keyId) ? owner.TryDecrypt(blob) : null;
        if (plain is null)
        {
            await KmsErrorAsync(context, call, 400, "KMS.0205", "the ciphertext is invalid or was not made with this key").ConfigureAwait(false);
            return;
        }
        await OkAsync(context, call, new JsonObject
        {
            ["key_id"] = owner!.Id,
            ["plain_text"] = Encoding.UTF8.GetString(plain),
            ["plain_text_base64"] = Convert.ToBase64String(plain),
        }).ConfigureAwait(false);
    }

    private static bool IsContentTypeJson(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private async Task OkAsync(HttpContext context, HuaweiKmsCall call, JsonObject body)
    {
        _calls.Enqueue(call with { Status = 200 });
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private async Task KmsErrorAsync(HttpContext context, HuaweiKmsCall call, int status, string code, string message)
    {
        _calls.Enqueue(call with { Status = status });
        context.Response.StatusCode = status;
        await WriteKmsErrorAsync(context, code, message).ConfigureAwait(false);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        context.Response.StatusCode = fault.Status;
        return WriteKmsErrorAsync(context, fault.Code ?? "KMS.0001", "injected fault");
    }

    private static Task WriteKmsErrorAsync(HttpContext context, string code, string message)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["error_code"] = code, ["error_msg"] = message },
        }.ToJsonString());
    }

    private async Task GatewayErrorAsync(HttpContext context, HuaweiKmsCall call, int status, string code, string message)
    {
        _calls.Enqueue(call with { Status = status });
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["error_code"] = code,
            ["error_msg"] = message,
            ["request_id"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
        }.ToJsonString()).ConfigureAwait(false);
    }
}
