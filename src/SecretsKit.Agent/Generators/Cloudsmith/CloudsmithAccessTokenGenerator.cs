using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Cloudsmith;

/// <summary>
/// ESO's <c>CloudsmithAccessToken</c> generator: OIDC token exchange. A token of <c>serviceAccountRef</c> (a
/// ServiceAccount of the ExternalSecret's namespace, minted with the TokenRequest API for its <c>audiences</c>) is posted
/// as <c>{"oidc_token", "service_slug"}</c> to <c>{apiUrl}/openid/{orgSlug}/</c> (default apiUrl
/// <c>https://api.cloudsmith.io</c>), which answers 201 <c>{"token"}</c>. Keys <c>auth</c> (base64 of
/// <c>token:&lt;token&gt;</c>) and <c>expiry</c> (the token's <c>exp</c>). <c>apiUrl</c> is tenant-written
/// (<see cref="TenantUrl"/>, link-local refused); <c>orgSlug</c> must be a slug, so it cannot change the path.
/// </summary>
internal sealed partial class CloudsmithAccessTokenGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("cloudsmithaccesstokens", "CloudsmithAccessToken");

    public string ClusterSpecKey => "cloudsmithAccessTokenSpec";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex Slug();

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var org = Json.Str(call.Spec["orgSlug"]) ?? "";
        if (!Slug().IsMatch(org) || org.Contains("..", StringComparison.Ordinal))
        {
            throw call.Fail($"spec.orgSlug '{Echo.Bounded(org)}' is not a slug (letters, digits, '-', '_', '.')");
        }
        var service = Json.Str(call.Spec["serviceSlug"]) is { Length: > 0 } s ? s : throw call.Fail("spec.serviceSlug is required");
        var api = TenantUrl.Parse(call, "apiUrl", "https://api.cloudsmith.io");
        string oidc;
        try
        {
            oidc = await GeneratorProviderSpec.ServiceAccounts(call).TokenAsync(call.Spec["serviceAccountRef"], [], null, "spec.serviceAccountRef", ct);
        }
        catch (ReconcileException e)
        {
            throw call.Fail($"failed to fetch service account token: {e.Message}");
        }
        var token = await ExchangeAsync(call, TenantUrl.Append(api, $"openid/{org}/"), oidc, service, ct);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["auth"] = Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes("token:" + token))),
            ["expiry"] = Encoding.ASCII.GetBytes(JwtExpiry.Of(call, token)),
        };
    }

    private static async Task<string> ExchangeAsync(GeneratorCall call, Uri target, string oidc, string service, CancellationToken ct)
    {
        const string context = "unable to exchange OIDC token: ";
        var payload = new JsonObject { ["oidc_token"] = oidc, ["service_slug"] = service };
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var body = await TenantHostCall.JsonAsync(call, request, TimeSpan.FromSeconds(30),
            reply => string.Create(CultureInfo.InvariantCulture, $"request failed due to unexpected status: {reply.Code} {reply.Reason}"),
            ct, expectedStatus: 201, context: context);
        return Json.Str((body as JsonObject)?["token"]) is { Length: > 0 } token ? token : throw call.Fail(context + "token not found in response");
    }
}
