using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// Google Cloud Storage media uploads on loopback (<c>POST /upload/storage/v1/b/{bucket}/o?uploadType=media&amp;name=…</c>)
/// behind <c>Authorization: Bearer</c> tokens that this fake's token endpoint issued (<see cref="FakeGcpServer"/>);
/// stored objects are readable with <see cref="StoredObject"/>.
/// </summary>
public sealed class FakeGcsServer : FakeGcpServer
{
    private readonly ConcurrentDictionary<(string Bucket, string Name), byte[]> _objects = new();
    private readonly ConcurrentDictionary<string, bool> _buckets = new(StringComparer.Ordinal);

    private FakeGcsServer()
    {
    }

    public static async Task<FakeGcsServer> StartAsync()
    {
        var server = new FakeGcsServer();
        await server.StartServerAsync().ConfigureAwait(false);
        return server;
    }

    public void CreateBucket(string bucket) => _buckets[bucket] = true;

    /// <summary>Token requests answered (accepted or not).</summary>
    public int TokenCalls { get; private set; }

    /// <summary>Uploads refused for a missing or unknown bearer token.</summary>
    public int Unauthorized { get; private set; }

    protected override void RecordTokenCall(bool accepted) => TokenCalls++;

    public byte[]? StoredObject(string bucket, string name) => _objects.TryGetValue((bucket, name), out var v) ? v : null;

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryHandleTokenAsync(context).ConfigureAwait(false)) return;
        const string prefix = "/upload/storage/v1/b/";
        var path = context.Request.Path.Value ?? "";
        if (!IsAuthorized(context))
        {
            Unauthorized++;
            await FailAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.").ConfigureAwait(false);
            return;
        }
        // as Cloud Storage: a token granted for another API (cloudkms) is refused
        if (ScopeOf(context) is { } scope && !scope.Split(' ').Any(s => s.StartsWith("https://www.googleapis.com/auth/devstorage.", StringComparison.Ordinal)
                                                                      || s == "https://www.googleapis.com/auth/cloud-platform"))
        {
            Unauthorized++;
            await FailAsync(context, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.").ConfigureAwait(false);
            return;
        }
        if (context.Request.Method != "POST" || !path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith("/o", StringComparison.Ordinal)
            || context.Request.Query["uploadType"] != "media" || string.IsNullOrEmpty(context.Request.Query["name"]))
        {
            await FailAsync(context, 400, "INVALID_ARGUMENT", "expected a media upload").ConfigureAwait(false);
            return;
        }
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false)) return;
        var bucket = path[prefix.Length..^2];
        if (!_buckets.ContainsKey(bucket))
        {
            await FailAsync(context, 404, "NOT_FOUND", "The specified bucket does not exist.").ConfigureAwait(false);
            return;
        }
        using var buffer = new MemoryStream();
        context.Request.Body.Position = 0;
        await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        var name = context.Request.Query["name"].ToString();
        _objects[(bucket, name)] = buffer.ToArray();
        await WriteOkAsync(context, new JsonObject { ["kind"] = "storage#object", ["bucket"] = bucket, ["name"] = name, ["size"] = buffer.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ConfigureAwait(false);
    }

    private static Task FailAsync(HttpContext context, int status, string name, string message)
    {
        context.Response.StatusCode = status;
        return WriteErrorAsync(context, status, name, message);
    }
}
