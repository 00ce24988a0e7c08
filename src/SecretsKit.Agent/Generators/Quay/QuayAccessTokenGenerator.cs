using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Quay;

/// <summary>
/// ESO's <c>QuayAccessToken</c> generator: robot account federation. A token of <c>serviceAccountRef</c> (a ServiceAccount
/// of the ExternalSecret's namespace, with its <c>audiences</c>) is the password of <c>robotAccount</c> at
/// <c>GET https://{url}/oauth2/federation/robot/token</c> (default url <c>quay.io</c>); the answer's <c>token</c> gives
/// keys <c>registry</c> (the url), <c>auth</c> (base64 of <c>robot:token</c>) and <c>expiry</c> (the token's <c>exp</c>).
/// The url must be a host with an optional port (it is tenant-written): link-local addresses are refused as for webhooks.
/// The agent's <c>Quay</c> endpoint override (tests, private mirrors) replaces the scheme, host and port.
/// </summary>
internal sealed class QuayAccessTokenGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("quayaccesstokens", "QuayAccessToken");

    public string ClusterSpecKey => "quayAccessTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var robot = Json.Str(call.Spec["robotAccount"]) is { Length: > 0 } r ? r : throw call.Fail("spec.robotAccount is required");
        if (robot.Contains(':', StringComparison.Ordinal)) throw call.Fail("spec.robotAccount may not contain ':'");
        var url = Json.Str(call.Spec["url"]) is { Length: > 0 } u ? u : "quay.io";
        if (url.StartsWith("https://", StringComparison.Ordinal)) url = url["https://".Length..];
        var server = TenantUrl.Host(call, "url", url);
        var target = new Uri(call.Context.Endpoints.GetValueOrDefault("Quay") ?? server, "/oauth2/federation/robot/token");
        string federated;
        try
        {
            federated = await GeneratorProviderSpec.ServiceAccounts(call).TokenAsync(call.Spec["serviceAccountRef"], [], null, "spec.serviceAccountRef", ct);
        }
        catch (ReconcileException e)
        {
            throw call.Fail($"failed to fetch service account token: {e.Message}");
        }
        var token = await RobotTokenAsync(call, target, robot, federated, ct);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["registry"] = Encoding.UTF8.GetBytes(url),
            ["auth"] = Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(robot + ":" + token))),
            ["expiry"] = Encoding.ASCII.GetBytes(JwtExpiry.Of(call, token)),
        };
    }

    private static async Task<string> RobotTokenAsync(GeneratorCall call, Uri target, string robot, string federated, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(robot + ":" + federated)));
        var body = await TenantHostCall.JsonAsync(call, request, TimeSpan.FromSeconds(5),
            reply => $"request failed do to unexpected status: {reply.Code} {reply.Reason}", ct);
        var token = (body as JsonObject)?["token"];
        return token is null ? throw call.Fail("token not found in response")
            : Json.Str(token) ?? throw call.Fail("error when typecasting token to string");
    }
}
