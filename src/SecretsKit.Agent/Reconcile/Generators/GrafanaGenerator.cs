using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// ESO's <c>Grafana</c> generator: in the Grafana at <c>url</c> (http or https, an optional path prefix), the service
/// account named <c>serviceAccount.name</c> is found (exact name) or created with <c>serviceAccount.role</c>, and a new
/// token (named by a random UUID, living <c>serviceAccount.secondsToLive</c> seconds when set) is created for it. The
/// agent authenticates with <c>auth.token</c> (a Secret key, white space around it trimmed, sent as a Bearer token) or
/// else <c>auth.basic</c> (<c>username</c> and a Secret key <c>password</c>), Secrets of the ExternalSecret's namespace
/// only. Keys <c>login</c> (the service account's) and <c>token</c>. ESO keeps the token's id in a GeneratorState and
/// deletes a replaced token two minutes after; the agent keeps no generator state, so a replaced token stays in Grafana
/// until it expires.
/// </summary>
internal sealed class GrafanaGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("grafanas", "Grafana");

    public string ClusterSpecKey => "grafanaSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
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
        var token = await api.CreateTokenAsync(id, Guid.NewGuid().ToString(), secondsToLive, ct);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["login"] = Encoding.UTF8.GetBytes(login),
            ["token"] = Encoding.UTF8.GetBytes(token),
        };
    }

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
