using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// A wire-level fake of Cloud Resource Manager v3's <c>projects.get</c>: <c>GET /v3/projects/{project ID or number}</c>
/// answers the project (<c>name: projects/&lt;number&gt;</c>, <c>projectId</c>, <c>parent</c>, <c>state</c>, …) to a bearer
/// token of its own or of <see cref="TrustTokensOf"/>'s issuer that <see cref="Grant"/> allowed; a project that does not
/// exist or is not granted is <c>403 PERMISSION_DENIED</c> alike (Resource Manager does not tell them apart); a request
/// with a body, another method or another path is refused. Calls count under <c>projects.get</c>.
/// </summary>
public sealed class FakeResourceManagerServer : FakeGcpServer
{
    public const string Operation = "projects.get";

    private readonly ConcurrentDictionary<string, string> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _granted = new(StringComparer.Ordinal);

    private FakeResourceManagerServer()
    {
    }

    public static async Task<FakeResourceManagerServer> StartAsync()
    {
        var server = new FakeResourceManagerServer();
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Creates project <paramref name="projectId"/> with <paramref name="number"/>; readable once granted.</summary>
    public void AddProject(string projectId, string number, bool granted = true)
    {
        _numbers[projectId] = number;
        _granted[projectId] = granted;
    }

    /// <summary>Gives or takes <c>resourcemanager.projects.get</c> on the project.</summary>
    public void Grant(string projectId, bool granted) => _granted[projectId] = granted;

    protected override void RecordTokenCall(bool accepted)
    {
    }

    protected override string OperationOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v3/projects", StringComparison.Ordinal) ? Operation : "unknown";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryAnswerBeforeApiAsync(context, operation)) return;
        var path = context.Request.Path.Value ?? "";
        var name = path.StartsWith("/v3/projects/", StringComparison.Ordinal) ? path["/v3/projects/".Length..] : "";
        if (context.Request.Method != "GET" || name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || context.Request.QueryString.HasValue)
        {
            await WriteFailureAsync(context, 404, "NOT_FOUND", "unknown method");
            return;
        }
        if ((await ReadBodyAsync(context)).Length > 0)
        {
            await WriteFailureAsync(context, 400, "INVALID_ARGUMENT", "The request body must be empty.");
            return;
        }
        var projectId = _numbers.ContainsKey(name) ? name : _numbers.FirstOrDefault(p => p.Value == name).Key;
        if (projectId is null || !_granted.GetValueOrDefault(projectId))
        {
            await WriteFailureAsync(context, 403, "PERMISSION_DENIED", "The caller does not have permission");
            return;
        }
        await WriteOkAsync(context, new JsonObject
        {
            ["name"] = $"projects/{_numbers[projectId]}",
            ["parent"] = "organizations/123456789",
            ["projectId"] = projectId,
            ["state"] = "ACTIVE",
            ["displayName"] = projectId,
            ["createTime"] = "2024-01-01T00:00:00.000Z",
            ["updateTime"] = "2024-01-01T00:00:00.000Z",
            ["etag"] = "W/\"0\"",
        });
    }
}
