using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Grafana;

/// <summary>
/// ESO's <c>Grafana</c> generator: in the Grafana at <c>url</c> (http or https, an optional path prefix), the service
/// account named <c>serviceAccount.name</c> is found (exact name) or created with <c>serviceAccount.role</c>, and a new
/// token (named by a random UUID, living <c>serviceAccount.secondsToLive</c> seconds when set) is created for it. The
/// agent authenticates with <c>auth.token</c> (a Secret key, white space around it trimmed, sent as a Bearer token) or
/// else <c>auth.basic</c> (<c>username</c> and a Secret key <c>password</c>), Secrets of the ExternalSecret's namespace
/// only. Keys <c>login</c> (the service account's) and <c>token</c>. Stateful as ESO's: the state
/// (<c>{"serviceAccount":{"id","login","tokenID"}}</c>, ESO's <c>GrafanaServiceAccountTokenState</c>) is kept in a
/// GeneratorState, and cleaning it up deletes the token (one already gone is fine), so a replaced token is revoked after
/// the grace period and the current one when its ExternalSecret goes.
/// </summary>
internal sealed class GrafanaGenerator : IStatefulGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("grafanas", "Grafana");

    public string ClusterSpecKey => "grafanaSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct) =>
        (await GenerateWithStateAsync(call, ct)).Values;

    public async Task<GeneratedWithState> GenerateWithStateAsync(GeneratorCall call, CancellationToken ct)
    {
        var url = TenantUrl.Parse(call, "url");
        var account = call.Spec["serviceAccount"] as JsonObject ?? throw call.Fail("spec.serviceAccount is required");
        var name = Json.Str(account["name"]) is { Length: > 0 } n ? n : throw call.Fail("spec.serviceAccount.name is required");
        var role = Json.Str(account["role"]) ?? "";
        long? secondsToLive = account["secondsToLive"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<long>(out var s) && s >= 1 => s,
            _ => throw call.Fail("spec.serviceAccount.secondsToLive must be a whole number of at least 1"),
        };
        var auth = await AuthAsync(call, ct);
        using var api = new GrafanaApi(call, url, auth);
        var (id, login) = await api.FindServiceAccountAsync(name, ct) ?? await api.CreateServiceAccountAsync(name, role, ct);
        var (tokenId, token) = await api.CreateTokenAsync(id, Guid.NewGuid().ToString(), secondsToLive, ct);
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["login"] = Encoding.UTF8.GetBytes(login),
            ["token"] = Encoding.UTF8.GetBytes(token),
        };
        var state = new JsonObject { ["serviceAccount"] = new JsonObject { ["id"] = id, ["login"] = login, ["tokenID"] = tokenId } };
        return new GeneratedWithState(values, state);
    }

    /// <summary>Deletes the token the state names (<c>serviceAccount.id</c> and <c>serviceAccount.tokenID</c>, whole numbers only).</summary>
    public async Task CleanupAsync(GeneratorCall call, JsonNode state, CancellationToken ct)
    {
        var account = state["serviceAccount"] as JsonObject ?? throw call.Fail("the state has no serviceAccount");
        var id = WholeNumber(account["id"]) ?? throw call.Fail("the state has no service account id");
        var tokenId = WholeNumber(account["tokenID"]) ?? throw call.Fail("the state has no token id");
        var url = TenantUrl.Parse(call, "url");
        var auth = await AuthAsync(call, ct);
        using var api = new GrafanaApi(call, url, auth);
        await api.DeleteTokenAsync(id, tokenId, ct);
    }

    private static long? WholeNumber(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) && n >= 0 ? n : null;

    private static async Task<AuthenticationHeaderValue> AuthAsync(GeneratorCall call, CancellationToken ct)
    {
        var auth = call.Spec["auth"];
        if (auth?["token"] is JsonObject token)
        {
            var key = (await call.ReadSecretTextAsync(token, "spec.auth.token", ct)).Trim();
            if (key.Length == 0 || key.Any(char.IsControl)) throw call.Fail("the value of spec.auth.token is empty or holds control characters");
            return new AuthenticationHeaderValue("Bearer", key);
        }
        if (auth?["basic"] is JsonObject basic)
        {
            var user = Json.Str(basic["username"]) ?? "";
            if (user.Contains(':', StringComparison.Ordinal)) throw call.Fail("spec.auth.basic.username may not contain ':'");
            var password = await call.ReadSecretTextAsync(basic["password"], "spec.auth.basic.password", ct);
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }
        throw call.Fail("no auth configuration found");
    }
}
