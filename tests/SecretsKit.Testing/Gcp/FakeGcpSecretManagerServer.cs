using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// GCP Secret Manager v1 REST on loopback, strict like the real API: bearer tokens (401 UNAUTHENTICATED), global
/// (<c>projects/P/secrets</c>) and regional (<c>projects/P/locations/L/secrets</c>) secrets, <c>versions/N|latest:access</c>
/// with base64 payloads and CRC32C, list with <c>labels.K=V</c> / <c>name:PREFIX</c> filters and paging, create
/// (replication required globally, refused regionally; labels, annotations, topics and CMEK keys checked by
/// <see cref="FakeGcpSecretRules"/>; 409 ALREADY_EXISTS), <c>PATCH</c> of labels and annotations by <c>updateMask</c>,
/// <c>:addVersion</c> (checksum verified), delete, unknown JSON fields rejected (400), and Google's error shape. Resource names carry the project number, as
/// the real API returns them. Also a metadata server token endpoint for workload identity.
/// </summary>
public sealed partial class FakeGcpSecretManagerServer : FakeGcpServer
{
    public const string ProjectNumber = "123456789012";

    private readonly ConcurrentDictionary<string, FakeGcpSecret> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GcpSecretManagerCall> _calls = new();

    private FakeGcpSecretManagerServer(string project) => Project = project;

    /// <summary>The project id the fake serves (its number, <see cref="ProjectNumber"/>, is accepted too).</summary>
    public string Project { get; }

    public static async Task<FakeGcpSecretManagerServer> StartAsync(string project = "secretskit-prod")
    {
        var server = new FakeGcpSecretManagerServer(project);
        await server.StartServerAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Host:port to set as <c>GCE_METADATA_HOST</c>.</summary>
    public string MetadataHost => BaseAddress.Authority;

    /// <summary>Page size of list replies (the client must follow <c>nextPageToken</c>).</summary>
    public int ListPageSize { get; set; } = 25;

    public IReadOnlyList<GcpSecretManagerCall> Calls => _calls.ToArray();

    public int CountCalls(string operation) => _calls.Count(c => c.Operation == operation);

    /// <summary>Adds a version (creating the secret, global or regional, when missing); returns the version number.</summary>
    public int AddVersion(string secretId, string value, IReadOnlyDictionary<string, string>? labels = null, string? location = null)
    {
        var secret = _secrets.GetOrAdd(Key(location, secretId), _ => new FakeGcpSecret(location, new Dictionary<string, string>(StringComparer.Ordinal)));
        foreach (var (k, v) in labels ?? new Dictionary<string, string>()) secret.Labels[k] = v;
        lock (secret)
        {
            secret.Versions.Add(Encoding.UTF8.GetBytes(value));
            return secret.Versions.Count;
        }
    }

    /// <summary>The secret, or null.</summary>
    public FakeGcpSecret? Find(string secretId, string? location = null) => _secrets.GetValueOrDefault(Key(location, secretId));

    /// <summary>The latest version's value as text, or null when the secret does not exist.</summary>
    public string? Latest(string secretId, string? location = null) =>
        Find(secretId, location) is { Versions.Count: > 0 } s ? Encoding.UTF8.GetString(s.Versions[^1]) : null;

    protected override void RecordTokenCall(bool accepted) => _calls.Enqueue(new GcpSecretManagerCall("token", "", accepted ? 200 : 400));

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryHandleTokenAsync(context).ConfigureAwait(false)) return;
        var path = context.Request.Path.Value ?? "";
        if (path == "/computeMetadata/v1/instance/service-accounts/default/token")
        {
            await MetadataTokenAsync(context).ConfigureAwait(false);
            return;
        }
        if (path.StartsWith("/computeMetadata/v1/", StringComparison.Ordinal))
        {
            await MetadataAttributeAsync(context, path["/computeMetadata/v1/".Length..]).ConfigureAwait(false);
            return;
        }
        if (!TryParse(path, out var route))
        {
            await ErrorAsync(context, new("unknown", "", 0), 404, "NOT_FOUND", "The requested URL was not found on this server.").ConfigureAwait(false);
            return;
        }
        var call = new GcpSecretManagerCall(route.Operation(context.Request.Method), route.SecretId ?? "", 0);
        if (!IsAuthorized(context))
        {
            await ErrorAsync(context, call, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.").ConfigureAwait(false);
            return;
        }
        // Secret Manager takes only the cloud-platform scope (a cloudkms token is refused, as by the real API)
        if (ScopeOf(context) is { } scope && !scope.Split(' ').Contains("https://www.googleapis.com/auth/cloud-platform"))
        {
            await ErrorAsync(context, call, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.").ConfigureAwait(false);
            return;
        }
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false))
        {
            _calls.Enqueue(call with { Status = context.Response.StatusCode });
            return;
        }
        if (route.Project != Project && route.Project != ProjectNumber)
        {
            await ErrorAsync(context, call, 403, "PERMISSION_DENIED", $"Permission denied on resource project {route.Project}.").ConfigureAwait(false);
            return;
        }
        await DispatchAsync(context, route, call).ConfigureAwait(false);
    }

    private async Task MetadataTokenAsync(HttpContext context)
    {
        if (context.Request.Headers["Metadata-Flavor"] != "Google")
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("Missing required header: Metadata-Flavor").ConfigureAwait(false);
            return;
        }
        var token = "ya29.metadata-" + Guid.NewGuid().ToString("N");
        AllowToken(token);
        if (MetadataValues.TryGetValue(DefaultAccountEmailPath, out var account)) BindTokenAccount(token, account);
        _calls.Enqueue(new GcpSecretManagerCall("metadata-token", "", 200));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["access_token"] = token, ["expires_in"] = 3599, ["token_type"] = "Bearer" }.ToJsonString()).ConfigureAwait(false);
    }

    private static string Name(FakeGcpSecret secret, string secretId) =>
        secret.Location is null ? $"projects/{ProjectNumber}/secrets/{secretId}" : $"projects/{ProjectNumber}/locations/{secret.Location}/secrets/{secretId}";

    private static string Key(string? location, string secretId) => (location ?? "") + "/" + secretId;

    private Task OkAsync(HttpContext context, GcpSecretManagerCall call, JsonNode body)
    {
        _calls.Enqueue(call with { Status = 200 });
        return WriteOkAsync(context, body);
    }

    private Task ErrorAsync(HttpContext context, GcpSecretManagerCall call, int status, string name, string message)
    {
        _calls.Enqueue(call with { Status = status });
        return WriteFailureAsync(context, status, name, message);
    }
}
