using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// Google Cloud KMS on loopback: REST <c>POST /v1/{name}:encrypt|decrypt</c> behind <c>Authorization: Bearer</c>, with the
/// token endpoint and error shape of <see cref="FakeGcpServer"/>.
/// </summary>
public sealed class FakeGcpKmsServer : FakeGcpServer
{
    private readonly ConcurrentDictionary<string, FakeSymmetricKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GcpKmsCall> _calls = new();

    private FakeGcpKmsServer()
    {
    }

    public static async Task<FakeGcpKmsServer> StartAsync()
    {
        var server = new FakeGcpKmsServer();
        await server.StartServerAsync().ConfigureAwait(false);
        return server;
    }

    public IReadOnlyList<GcpKmsCall> Calls => _calls.ToArray();

    public int CountCalls(string operation) => _calls.Count(c => c.Operation == operation);

    public string CreateKey(string project = "secretskit", string location = "global", string ring = "sops", string key = "data")
    {
        var id = $"projects/{project}/locations/{location}/keyRings/{ring}/cryptoKeys/{key}";
        _keys[id] = new FakeSymmetricKey(id);
        return id;
    }

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryHandleTokenAsync(context).ConfigureAwait(false)) return;
        var path = context.Request.Path.Value ?? "";
        var colon = path.LastIndexOf(':');
        if (context.Request.Method != "POST" || !path.StartsWith("/v1/", StringComparison.Ordinal) || colon < 0)
        {
            await ErrorAsync(context, new GcpKmsCall("unknown", path, 404), 404, "NOT_FOUND", "no such method").ConfigureAwait(false);
            return;
        }
        var resource = path[4..colon];
        var call = new GcpKmsCall(path[(colon + 1)..], resource, 0);

        if (!IsAuthorized(context))
        {
            await ErrorAsync(context, call, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.").ConfigureAwait(false);
            return;
        }
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false))
        {
            _calls.Enqueue(call with { Status = context.Response.StatusCode });
            return;
        }
        if (!_keys.TryGetValue(resource, out var key))
        {
            await ErrorAsync(context, call, 404, "NOT_FOUND", $"CryptoKey {resource} not found.").ConfigureAwait(false);
            return;
        }
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync().ConfigureAwait(false))!.AsObject();
        switch (call.Operation)
        {
            case "encrypt":
                var blob = key.Encrypt(Convert.FromBase64String(body["plaintext"]!.GetValue<string>()));
                await OkAsync(context, call, new JsonObject { ["name"] = resource + "/cryptoKeyVersions/1", ["ciphertext"] = Convert.ToBase64String(blob) }).ConfigureAwait(false);
                return;
            case "decrypt":
                var ciphertext = Convert.FromBase64String(body["ciphertext"]?.GetValue<string>() ?? "");
                var plaintext = FakeSymmetricKey.HandleOf(ciphertext) is { } handle && handle.AsSpan().SequenceEqual(key.Handle)
                    ? key.TryDecrypt(ciphertext) : null;
                if (plaintext is null)
                {
                    await ErrorAsync(context, call, 400, "INVALID_ARGUMENT", "Decryption failed: the ciphertext is invalid.").ConfigureAwait(false);
                    return;
                }
                await OkAsync(context, call, new JsonObject { ["plaintext"] = Convert.ToBase64String(plaintext) }).ConfigureAwait(false);
                return;
            default:
                await ErrorAsync(context, call, 404, "NOT_FOUND", "no such method").ConfigureAwait(false);
                return;
        }
    }

    protected override void RecordTokenCall(bool accepted) => _calls.Enqueue(new GcpKmsCall("token", "", accepted ? 200 : 400));

    private Task OkAsync(HttpContext context, GcpKmsCall call, JsonObject body)
    {
        _calls.Enqueue(call with { Status = 200 });
        return WriteOkAsync(context, body);
    }

    private Task ErrorAsync(HttpContext context, GcpKmsCall call, int status, string name, string message)
    {
        _calls.Enqueue(call with { Status = status });
        return WriteFailureAsync(context, status, name, message);
    }
}
