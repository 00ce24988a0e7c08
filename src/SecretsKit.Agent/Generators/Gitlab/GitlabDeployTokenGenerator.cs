using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Generators.Gitlab;

/// <summary>
/// ESO's <c>GitlabDeployToken</c> generator: <c>POST {url}/api/v4/projects/{projectID}/deploy_tokens</c> (or
/// <c>groups/{groupID}</c>; exactly one of them, a numeric id or a path, escaped as one path segment) with <c>name</c>,
/// <c>scopes</c> and, when set, <c>username</c> and <c>expires_at</c> (<c>expiresAt</c> in UTC, RFC 3339), authenticated by
/// the access token of <c>auth.token.secretRef</c> (a Secret of the ExternalSecret's namespace, white space around it
/// trimmed) as <c>PRIVATE-TOKEN</c>. Keys <c>username</c> and <c>token</c>. The state, ESO's json
/// (<c>url</c>, <c>projectID</c> or <c>groupID</c>, <c>tokenID</c>), is what <see cref="CleanupAsync"/> revokes with
/// <c>DELETE …/deploy_tokens/{tokenID}</c> (404: already gone). <c>url</c> (default <c>https://gitlab.com</c>) is tenant
/// input, and so is a GeneratorState's: http or https, no credentials, link-local addresses refused; 30 s per call.
/// </summary>
internal sealed class GitlabDeployTokenGenerator : IStatefulGenerator
{
    private const string DefaultUrl = "https://gitlab.com";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public ResourceType Type { get; } = GeneratorTypes.Namespaced("gitlabdeploytokens", "GitlabDeployToken");

    public string ClusterSpecKey => "gitlabDeployTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct) =>
        (await GenerateWithStateAsync(call, ct)).Values;

    public async Task<GeneratedWithState> GenerateWithStateAsync(GeneratorCall call, CancellationToken ct)
    {
        var spec = call.Spec;
        var payload = new JsonObject
        {
            ["name"] = Json.Str(spec["name"]) is { Length: > 0 } name ? name : throw call.Fail("spec.name is required"),
            ["scopes"] = Scopes(call),
        };
        if (Json.Str(spec["username"]) is { Length: > 0 } username) payload["username"] = username;
        if (ExpiresAt(call) is { } expires) payload["expires_at"] = expires;
        var token = await AccessTokenAsync(call, ct);
        var target = Target(call, "spec.url", Json.Str(spec["url"]) ?? "", Json.Str(spec["projectID"]), Json.Str(spec["groupID"]));
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Collection)
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("PRIVATE-TOKEN", token);
        var (status, body) = await TenantHostCall.SendAsync(call, request, Timeout, ct);
        if (status is < 200 or >= 300)
        {
            throw call.Fail(string.Create(CultureInfo.InvariantCulture, $"error generating deploy token: response code: {status}, response: {GitlabError(body)}"));
        }
        if (TenantHostCall.Parse(body) is not JsonObject created) throw call.Fail("error decoding response: the response is not a JSON object");
        var secret = Json.Str(created["token"]) is { Length: > 0 } t ? t : throw call.Fail("deploy token missing from GitLab response");
        var id = TokenId(created["id"]) is { } n && n > 0 ? n : throw call.Fail("error decoding response: the response has no deploy token id");
        var state = new JsonObject { ["url"] = Json.Str(spec["url"]) ?? "" };
        if (target.ProjectId is { } project) state["projectID"] = project;
        if (target.GroupId is { } group) state["groupID"] = group;
        state["tokenID"] = id;
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["username"] = Encoding.UTF8.GetBytes(Json.Str(created["username"]) ?? ""),
            ["token"] = Encoding.UTF8.GetBytes(secret),
        };
        return new GeneratedWithState(values, state);
    }

    public async Task CleanupAsync(GeneratorCall call, JsonNode state, CancellationToken ct)
    {
        if (state is not JsonObject saved) throw call.Fail("error parsing generator state: it is not a JSON object");
        var id = saved["tokenID"] is null ? 0 : TokenId(saved["tokenID"]) ?? throw call.Fail("error parsing generator state: tokenID is not a deploy token id");
        if (id == 0) return;
        var token = await AccessTokenAsync(call, ct);
        // where the token was made (the state), not where the spec points now
        var target = Target(call, "the generator state's url", StateString(call, saved, "url") ?? "",
            StateString(call, saved, "projectID"), StateString(call, saved, "groupID"));
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(target.Collection + "/" + id.ToString(CultureInfo.InvariantCulture)));
        request.Headers.TryAddWithoutValidation("PRIVATE-TOKEN", token);
        var (status, body) = await TenantHostCall.SendAsync(call, request, Timeout, ct);
        if (status == 404 || status is >= 200 and < 300) return;
        throw call.Fail(string.Create(CultureInfo.InvariantCulture, $"error revoking deploy token: response code: {status}, response: {GitlabError(body)}"));
    }

    /// <summary>A JSON number that is a deploy token id (an int, as ESO's state has it), else null.</summary>
    private static long? TokenId(JsonNode? node) =>
        node is JsonValue v && long.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue ? n : null;

    private static string? StateString(GeneratorCall call, JsonObject state, string field) => state[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw call.Fail($"error parsing generator state: {field} is not a string"),
    };

    private static JsonArray Scopes(GeneratorCall call)
    {
        if (call.Spec["scopes"] is not JsonArray { Count: > 0 } scopes) throw call.Fail("spec.scopes needs at least one scope");
        return new JsonArray([.. scopes.Select(s => (JsonNode)(Json.Str(s) is { Length: > 0 } scope ? scope : throw call.Fail("spec.scopes holds a value that is not a scope name")))]);
    }

    /// <summary><c>expiresAt</c> as ESO sends it: the time in UTC, whole seconds, RFC 3339 (<c>2030-01-02T03:04:05Z</c>).</summary>
    private static string? ExpiresAt(GeneratorCall call)
    {
        if (Json.Str(call.Spec["expiresAt"]) is not { Length: > 0 } text) return null;
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            throw call.Fail($"unable to parse spec: spec.expiresAt '{Echo.Bounded(text)}' is not an RFC 3339 time");
        }
        return KubeTime.Format(at);
    }

    private static async Task<string> AccessTokenAsync(GeneratorCall call, CancellationToken ct)
    {
        var token = (await call.ReadSecretTextAsync(call.Spec["auth"]?["token"]?["secretRef"], "spec.auth.token.secretRef", ct)).Trim();
        return token.Length == 0 || token.Any(char.IsControl)
            ? throw call.Fail("the value of spec.auth.token.secretRef is empty or holds control characters")
            : token;
    }

    private sealed record DeployTokens(string Collection, string? ProjectId, string? GroupId);

    /// <summary>The deploy tokens collection of the one project or group named; <paramref name="what"/> names the url in messages.</summary>
    private static DeployTokens Target(GeneratorCall call, string what, string url, string? projectId, string? groupId)
    {
        var baseUrl = TenantUrl.Check(call, what, url.Length > 0 ? url : DefaultUrl);
        var (kind, id) = (string.IsNullOrEmpty(projectId), string.IsNullOrEmpty(groupId)) switch
        {
            (false, true) => ("projects", projectId!),
            (true, false) => ("groups", groupId!),
            _ => throw call.Fail("exactly one of projectID or groupID must be set"),
        };
        var collection = TenantUrl.Append(baseUrl, $"api/v4/{kind}/{Uri.EscapeDataString(id)}/deploy_tokens").AbsoluteUri;
        return kind == "projects" ? new(collection, id, null) : new(collection, null, id);
    }

    /// <summary>GitLab's error text: the body's <c>message</c> (a string or, for validation errors, an object) or <c>error</c>, else the body.</summary>
    private static string GitlabError(byte[] body)
    {
        var json = TenantHostCall.Parse(body) as JsonObject;
        var text = (json?["message"] ?? json?["error"]) switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            { } other => other.ToJsonString(),
            null => Encoding.UTF8.GetString(body),
        };
        return Echo.Bounded(text);
    }
}
