using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>Routes one HTTP request: auth, faults, discovery, then the resource verbs.</summary>
internal sealed class FakeKubeHandler(FakeKubeApiServer server) : IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();

    public void Shutdown() => _shutdown.Cancel();

    public void Dispose() => _shutdown.Dispose();

    public async Task HandleAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var path = req.Path.Value ?? "/";
        try
        {
            if (server.Latency > TimeSpan.Zero) await Task.Delay(server.Latency, ctx.RequestAborted);
            if (server.TakeHold(req.Method, path + req.QueryString.Value) is { } hold) await hold.WaitAsync(ctx.RequestAborted);
            if (server.TakeFault(req.Method, path + req.QueryString.Value, req.Headers.UserAgent.ToString()) is { } fault)
            {
                if (fault.RetryAfterSeconds is { } ra) ctx.Response.Headers.RetryAfter = ra.ToString(CultureInfo.InvariantCulture);
                if (fault.RetryAfterDate is { } date) ctx.Response.Headers.RetryAfter = date.ToString("R", CultureInfo.InvariantCulture);
                var reason = fault.StatusCode == 429 ? "TooManyRequests" : "InternalError";
                throw new FakeKubeStatus(fault.StatusCode, reason, $"injected fault {fault.StatusCode} for {req.Method} {path}", null, fault.RetryAfterSeconds);
            }
            var auth = req.Headers.Authorization.ToString();
            var bearer = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
            var clientCert = ctx.Connection.ClientCertificate ?? await ctx.Connection.GetClientCertificateAsync(ctx.RequestAborted);
            if (!server.IsAuthorized(bearer, clientCert))
            {
                throw new FakeKubeStatus(401, "Unauthorized", "Unauthorized");
            }
            await RouteAsync(ctx, path);
        }
        catch (FakeKubeStatus status)
        {
            if (!ctx.Response.HasStarted) await WriteJsonAsync(ctx, status.Code, status.ToJson());
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested || _shutdown.IsCancellationRequested)
        {
            // client went away or server stopping
        }
        catch (JsonException e)
        {
            if (!ctx.Response.HasStarted) await WriteJsonAsync(ctx, 400, FakeKubeStatus.BadRequest($"invalid JSON body: {e.Message}").ToJson());
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or FormatException or KeyNotFoundException)
        {
            // a bug in the fake itself: answer 500 with the exception type so the failing test says where to look
            if (!ctx.Response.HasStarted) await WriteJsonAsync(ctx, 500, new FakeKubeStatus(500, "InternalError", $"fake API server bug: {e.GetType().Name}: {e.Message}").ToJson());
        }
        finally
        {
            LogRequest(server, ctx);
        }
    }

    private const string LoggedKey = "secretskit.fake.logged";

    /// <summary>Logs a request once; watch streams log themselves as soon as the stream is open.</summary>
    internal static void LogRequest(FakeKubeApiServer server, HttpContext ctx)
    {
        if (!ctx.Items.TryAdd(LoggedKey, true)) return;
        var req = ctx.Request;
        server.Log(new FakeKubeRequest(req.Method, req.Path.Value ?? "/", req.QueryString.Value ?? "", req.ContentType, ctx.Response.StatusCode, req.Headers.UserAgent.ToString()));
    }

    private const string ServedKey = "secretskit.fake.served";

    /// <summary>Shows stored objects (an object, or a list's items) in the requested CRD version's apiVersion.</summary>
    internal static void AsServed(JsonNode? body, FakeResourceType served)
    {
        if (body is not JsonObject o) return;
        if (o["items"] is JsonArray items)
        {
            o["apiVersion"] = served.GroupVersion;
            foreach (var item in items.OfType<JsonObject>()) item["apiVersion"] = served.GroupVersion;
        }
        else if (o["kind"]?.GetValue<string>() == served.Kind)
        {
            o["apiVersion"] = served.GroupVersion;
        }
    }

    /// <summary>How the fake writes JSON: as deep as an API server holds (Go's decoder stops at 10,000 levels), not System.Text.Json's 1,000.</summary>
    internal static readonly System.Text.Json.JsonSerializerOptions Wire = new() { MaxDepth = 10_050 };

    private static async Task WriteJsonAsync(HttpContext ctx, int status, JsonNode body)
    {
        if (ctx.Items.TryGetValue(ServedKey, out var served)) AsServed(body, (FakeResourceType)served!);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString(Wire), ctx.RequestAborted);
    }

    private async Task RouteAsync(HttpContext ctx, string path)
    {
        var seg = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var types = server.Types;
        if (Discovery(seg, types, $"{ctx.Request.Host.Host}:{ctx.Request.Host.Port}") is { } document)
        {
            await WriteJsonAsync(ctx, 200, document);
            return;
        }
        if (seg is ["openapi", "v2"])
        {
            await FakeKubeOpenApi.WriteV2Async(ctx);
            return;
        }
        string group, version;
        ArraySegment<string> rest;
        if (seg.Length >= 3 && seg[0] == "api" && seg[1] == "v1") { group = ""; version = "v1"; rest = seg[2..]; }
        else if (seg.Length >= 4 && seg[0] == "apis") { group = seg[1]; version = seg[2]; rest = seg[3..]; }
        else throw new FakeKubeStatus(404, "NotFound", "the server could not find the requested resource");

        string? ns = null;
        if (rest.Count >= 3 && rest[0] == "namespaces" && types.Any(t => t.Group == group && t.Version == version && t.Plural == rest[2] && t.Namespaced))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var type = types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == rest[0])
            ?? throw new FakeKubeStatus(404, "NotFound", "the server could not find the requested resource");
        var name = rest.Count >= 2 ? rest[1] : null;
        var sub = rest.Count >= 3 ? rest[2] : null;
        if (sub == "token" && type.Key == FakeResourceType.ServiceAccount.Key && ns is not null && name is not null && rest.Count == 3)
        {
            if (ctx.Request.Method != "POST") throw new FakeKubeStatus(405, "MethodNotAllowed", $"{ctx.Request.Method} is not supported on {ctx.Request.Path}");
            await WriteJsonAsync(ctx, 201, server.TokenRequests.Create(ns, name, await ReadObjectAsync(ctx)));
            return;
        }
        if (sub is not null && !(sub == "status" && type.HasStatus))
        {
            throw new FakeKubeStatus(404, "NotFound", "the server could not find the requested resource");
        }
        if (type.Namespaced && ns is null && name is not null)
        {
            throw new FakeKubeStatus(404, "NotFound", "the server could not find the requested resource");
        }
        await ServeResourceAsync(ctx, type, ns, name, sub == "status");
    }

    /// <summary>The discovery and OpenAPI documents (<c>/version</c>, <c>/api</c>, <c>/apis/…</c>, <c>/openapi/v3/…</c>); null for any other path.</summary>
    private static JsonNode? Discovery(string[] seg, IReadOnlyList<FakeResourceType> types, string host) => seg switch
    {
        ["version"] => FakeKubeDiscovery.Version(),
        ["api"] => FakeKubeDiscovery.CoreVersions(host),
        ["apis"] => FakeKubeDiscovery.Groups(types),
        ["api", "v1"] => FakeKubeDiscovery.Resources("v1", types),
        ["openapi", "v3"] => FakeKubeOpenApi.Index(types),
        ["openapi", "v3", "api", var v] => FakeKubeOpenApi.Document(v, types),
        ["openapi", "v3", "apis", var g, var v] => FakeKubeOpenApi.Document($"{g}/{v}", types),
        ["apis", var g] when types.Any(t => t.Group == g) => FakeKubeDiscovery.Group(g, types),
        ["apis", var g, var v] when types.Any(t => t.Group == g && t.Version == v) => FakeKubeDiscovery.Resources($"{g}/{v}", types),
        _ => null,
    };

    private async Task ServeResourceAsync(HttpContext ctx, FakeResourceType served, string? ns, string? name, bool status)
    {
        var store = server.Store;
        var q = ctx.Request.Query;
        // a CRD version other than the storage one reads and writes the stored objects, shown in its own apiVersion
        var type = server.StorageOf(served);
        if (server.DeprecationOf(served) is { } deprecation) ctx.Response.Headers.Append("Warning", $"299 - \"{deprecation}\"");
        if (!ReferenceEquals(type, served)) ctx.Items[ServedKey] = served;
        switch (ctx.Request.Method, name)
        {
            case ("GET", null) when q["watch"] is var w && (w == "true" || w == "1"):
                await FakeKubeWatchStream.ServeAsync(ctx, server, type, ns, _shutdown.Token, served);
                return;
            case ("GET", null):
            {
                FakeKubeListOptions.ValidateList(q);
                var limit = int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
                var list = store.List(type, ns, LabelSelector.Parse(q["labelSelector"]), FieldSelector.Parse(q["fieldSelector"]), limit, q["continue"]);
                await WriteJsonAsync(ctx, 200, FakeKubeTable.WantsTable(ctx) ? FakeKubeTable.FromList(list)
                    : FakeKubePartialMetadata.Wanted(ctx) ? FakeKubePartialMetadata.FromList(list) : list);
                return;
            }
            case ("GET", _):
            {
                var obj = store.Get(type, ns, name);
                await WriteJsonAsync(ctx, 200, FakeKubeTable.WantsTable(ctx) ? FakeKubeTable.FromObjects(type, [obj], obj["metadata"]!["resourceVersion"]!.GetValue<string>())
                    : FakeKubePartialMetadata.Wanted(ctx) ? FakeKubePartialMetadata.FromObject(obj) : obj);
                return;
            }
            case ("POST", null):
            {
                var body = await ReadObjectAsync(ctx);
                await WriteJsonAsync(ctx, 201, Warn(ctx, store.WithFieldValidation(q["fieldValidation"], () => store.Create(type, ns, body))));
                return;
            }
            case ("PUT", not null):
            {
                var body = await ReadObjectAsync(ctx);
                await WriteJsonAsync(ctx, 200, Warn(ctx, store.WithFieldValidation(q["fieldValidation"], () => store.Update(type, ns, name, body, status))));
                return;
            }
            case ("PATCH", not null):
                await WriteJsonAsync(ctx, 200, await PatchAsync(ctx, type, ns, name, status));
                return;
            case ("DELETE", not null):
            {
                var body = !(ctx.Request.ContentLength > 0) && ctx.Request.Headers.TransferEncoding.Count == 0 ? null
                    : (ctx.Request.ContentType ?? "").StartsWith(FakeKubeProtobuf.MediaType, StringComparison.Ordinal) ? await ReadObjectAsync(ctx)
                    : await ReadNodeAsync(ctx) as JsonObject;
                var policy = body?["propagationPolicy"]?.GetValue<string>() ?? q["propagationPolicy"].ToString();
                var pre = body?["preconditions"];
                var deleted = store.Delete(type, ns, name, policy, pre?["uid"]?.GetValue<string>(), pre?["resourceVersion"]?.GetValue<string>());
                await WriteJsonAsync(ctx, 200, deleted);
                return;
            }
            default:
                throw new FakeKubeStatus(405, "MethodNotAllowed", $"{ctx.Request.Method} is not supported on {ctx.Request.Path}");
        }
    }

    private async Task<JsonObject> PatchAsync(HttpContext ctx, FakeResourceType type, string? ns, string name, bool status)
    {
        var store = server.Store;
        var contentType = (ctx.Request.ContentType ?? "").Split(';')[0].Trim();
        var q = ctx.Request.Query;
        switch (contentType)
        {
            case "application/merge-patch+json":
            // A strategic merge patch is approximated by a JSON merge patch: lists are replaced rather than merged by
            // their patch merge key, and $-directives are dropped. That is enough for kubectl apply/annotate/rollout restart.
            case "application/strategic-merge-patch+json":
            {
                var patch = await ReadNodeAsync(ctx);
                return Warn(ctx, store.WithFieldValidation(q["fieldValidation"], () => store.Patch(type, ns, name, status, current => JsonMergePatch.Apply(current, patch) as JsonObject
                    ?? throw FakeKubeStatus.BadRequest("patch must be a JSON object"))));
            }
            case "application/json-patch+json":
            {
                var ops = await ReadNodeAsync(ctx) as JsonArray ?? throw FakeKubeStatus.BadRequest("json patch must be an array");
                return Warn(ctx, store.WithFieldValidation(q["fieldValidation"], () => store.Patch(type, ns, name, status, current => JsonPatch.Apply(current, ops))));
            }
            case "application/apply-patch+yaml":
            case "application/apply-patch+cbor":
            {
                var manager = q["fieldManager"].ToString();
                if (manager.Length == 0) throw FakeKubeStatus.BadRequest("PATCH, application/apply-patch+yaml requires fieldManager parameter");
                var force = q["force"] == "true";
                JsonObject applied;
                try
                {
                    applied = await ReadObjectAsync(ctx);
                }
                catch (JsonException)
                {
                    throw new FakeKubeStatus(415, "UnsupportedMediaType", "the fake API server only understands JSON-shaped apply bodies");
                }
                return Warn(ctx, store.WithFieldValidation(q["fieldValidation"], () => store.Apply(type, ns, name, applied, manager, force, status)));
            }
            default:
                throw new FakeKubeStatus(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got {contentType})");
        }
    }

    /// <summary>Adds one <c>Warning: 299 - "…"</c> header per pruned field, as the real API server does.</summary>
    private static JsonObject Warn(HttpContext ctx, (JsonObject Result, IReadOnlyList<string> Warnings) write)
    {
        foreach (var w in write.Warnings) ctx.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        return write.Result;
    }

    private static async Task<JsonNode?> ReadNodeAsync(HttpContext ctx)
    {
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
        if (ms.Length == 0) return null;
        return JsonNode.Parse(Encoding.UTF8.GetString(ms.ToArray()));
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext ctx)
    {
        if ((ctx.Request.ContentType ?? "").StartsWith(FakeKubeProtobuf.MediaType, StringComparison.Ordinal))
        {
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
            return FakeKubeProtobuf.Decode(ms.ToArray());
        }
        return await ReadNodeAsync(ctx) as JsonObject ?? throw FakeKubeStatus.BadRequest("request body must be a JSON object");
    }
}
