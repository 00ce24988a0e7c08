using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Render;

/// <summary>
/// The agent's <see cref="KubernetesClient"/> transport for a local render: the REST calls one reconcile pass makes
/// (GET, list with a label selector, POST, PUT, merge / apply PATCH, DELETE, the <c>status</c> subresource), answered
/// from a <see cref="LocalObjectStore"/> instead of an API server. Nothing leaves the process; watches are refused
/// (a render is one pass), and so is the TokenRequest API (<see cref="NoTokens"/>: no key signs ServiceAccount tokens here).
/// </summary>
internal sealed class LocalApiHandler(LocalObjectStore store) : HttpMessageHandler
{
    /// <summary>Why a TokenRequest fails in a render, and what to use instead.</summary>
    public const string NoTokens = "a local render cannot mint ServiceAccount tokens (only the cluster's API server can sign them), so a store that "
        + "logs in as a ServiceAccount (serviceAccountRef: Vault or JWT logins, IRSA, workload identity) cannot be tried here; "
        + "try it with `secretskit-agent --once` against a cluster (kind is enough), or render with a store that reads a Secret";

    /// <summary>The address the local client is configured with; never connected to.</summary>
    public static readonly Uri Address = new("http://local.render.invalid/");

    /// <summary>An API path taken apart: group, plural, namespace ("" when none), name and subresource (null when absent).</summary>
    private sealed record Target(string Group, string Plural, string? Ns, string? Name, string? Subresource);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Parse(request.RequestUri!) is not { } target) return Status(HttpStatusCode.NotFound, "NotFound", $"no such path {request.RequestUri!.AbsolutePath}");
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        if (query["watch"] is "true" or "1") return Status(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", "a local render does not watch");
        var ns = target.Ns ?? "";
        if (target is { Plural: "serviceaccounts", Subresource: "token", Name: { } account } && request.Method == HttpMethod.Post)
        {
            return store.Get("", "serviceaccounts", ns, account) is null ? NotFound(target) : Status(HttpStatusCode.Forbidden, "Forbidden", NoTokens);
        }
        return (request.Method.Method, target.Name) switch
        {
            ("GET", null) => Json(HttpStatusCode.OK, ListOf(target, query["labelSelector"])),
            ("POST", null) when body is not null => store.TryCreate(target.Group, target.Plural, ns, body)
                ? Json(HttpStatusCode.Created, store.Get(target.Group, target.Plural, ns, body.GetName() ?? "")!)
                : Status(HttpStatusCode.Conflict, "AlreadyExists", $"{target.Plural} \"{body.GetName()}\" already exists"),
            ("GET", { } name) => Found(target, store.Get(target.Group, target.Plural, ns, name)),
            ("PUT", { } name) when body is not null => Found(target, store.Replace(target.Group, target.Plural, ns, name,
                existing => target.Subresource == "status" ? WithStatus(existing, body["status"]) : WithStatus(body, existing["status"]))),
            ("PATCH", { } name) when body is not null => Patch(target, name, body, request.Content!.Headers.ContentType?.MediaType),
            ("DELETE", { } name) => store.Remove(target.Group, target.Plural, ns, name)
                ? Json(HttpStatusCode.OK, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success" })
                : NotFound(target),
            _ => Status(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{request.Method} is not supported by a local render"),
        };
    }

    private HttpResponseMessage Patch(Target target, string name, JsonObject patch, string? mediaType)
    {
        var ns = target.Ns ?? "";
        var patched = store.Replace(target.Group, target.Plural, ns, name, existing => target.Subresource == "status"
            ? WithStatus(existing, LocalObjectStore.Merge(new JsonObject { ["status"] = existing["status"]?.DeepClone() }, patch)["status"])
            : LocalObjectStore.Merge(existing, patch));
        if (patched is not null) return Json(HttpStatusCode.OK, patched);
        if (mediaType != "application/apply-patch+yaml" || target.Subresource is not null) return NotFound(target);
        store.TryCreate(target.Group, target.Plural, ns, patch); // server-side apply creates what does not exist
        return Json(HttpStatusCode.Created, store.Get(target.Group, target.Plural, ns, name)!);
    }

    private JsonObject ListOf(Target target, string? labelSelector)
    {
        var selector = LocalLabelQuery.Parse(labelSelector);
        var items = store.List(target.Group, target.Plural, target.Ns).Where(o => selector.Matches(o.GetLabels()));
        return new JsonObject
        {
            ["kind"] = "List",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "1" },
            ["items"] = new JsonArray([.. items]),
        };
    }

    private static JsonObject WithStatus(JsonObject obj, JsonNode? status)
    {
        obj.Remove("status");
        if (status is not null) obj["status"] = status.DeepClone();
        return obj;
    }

    /// <summary><c>/api/v1/…</c> or <c>/apis/group/version/…</c>, then <c>namespaces/ns/plural[/name[/sub]]</c> or <c>plural[/name[/sub]]</c>.</summary>
    private static Target? Parse(Uri uri)
    {
        var parts = uri.AbsolutePath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        string group;
        string[] rest;
        if (parts is ["api", _, .. var core]) (group, rest) = ("", core);
        else if (parts is ["apis", var g, _, .. var grouped]) (group, rest) = (g, grouped);
        else return null;
        if (rest is ["namespaces", var ns, var plural, .. var item]) return new Target(group, plural, ns, item.ElementAtOrDefault(0), item.ElementAtOrDefault(1));
        if (rest is [var p, .. var named]) return new Target(group, p, null, named.ElementAtOrDefault(0), named.ElementAtOrDefault(1));
        return null;
    }

    private static HttpResponseMessage Found(Target target, JsonObject? obj) => obj is null ? NotFound(target) : Json(HttpStatusCode.OK, obj);

    private static HttpResponseMessage NotFound(Target target) => Status(HttpStatusCode.NotFound, "NotFound", $"{target.Plural} \"{target.Name}\" not found");

    private static HttpResponseMessage Status(HttpStatusCode code, string reason, string message) => Json(code, new JsonObject
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = (int)code,
    });

    private static HttpResponseMessage Json(HttpStatusCode code, JsonObject body) =>
        new(code) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
