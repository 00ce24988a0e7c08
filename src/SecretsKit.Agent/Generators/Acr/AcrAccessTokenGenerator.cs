using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Acr;

/// <summary>
/// ESO's <c>ACRAccessToken</c> generator (Azure Container Registry's AAD-OAuth): an Entra ID token for Azure Resource
/// Manager (<c>https://management.azure.com/.default</c>, or the <c>environmentType</c> cloud's) of <c>auth.servicePrincipal</c>
/// (<c>secretRef.clientId</c> / <c>clientSecret</c> with <c>tenantId</c>) or <c>auth.workloadIdentity.serviceAccountRef</c>
/// (a ServiceAccount of the ExternalSecret's namespace, its client and tenant from its annotations, as ESO reads them),
/// exchanged at <c>POST https://{registry}/oauth2/exchange</c> for a refresh token; with <c>scope</c>, that is exchanged at
/// <c>/oauth2/token</c> for an access token of that scope. Keys <c>username</c> (the null GUID ACR expects) and
/// <c>password</c>. <c>auth.managedIdentity</c> and a workload identity without a ServiceAccount are the agent's own
/// identity, refused for a generator any tenant may reference (ESO uses them). The registry is tenant-written: a host
/// with an optional port, link-local refused; the agent's <c>ACR</c> endpoint override (tests) replaces scheme, host and port.
/// </summary>
internal sealed class AcrAccessTokenGenerator : IGenerator
{
    public const string Username = "00000000-0000-0000-0000-000000000000";

    public ResourceType Type { get; } = GeneratorTypes.Namespaced("acraccesstokens", "ACRAccessToken");

    public string ClusterSpecKey => "acrAccessTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var registry = Json.Str(call.Spec["registry"]) is { Length: > 0 } r ? r : throw call.Fail("spec.registry is required");
        var server = TenantUrl.Host(call, "registry", registry);
        var audience = Audience(call);
        var aad = await EntraTokenAsync(call, registry, audience, ct);
        var baseUri = call.Context.Endpoints.GetValueOrDefault("ACR") ?? server;
        var refresh = await ExchangeAsync(call, new Uri(baseUri, "/oauth2/exchange"), new Dictionary<string, string>
        {
            ["grant_type"] = "access_token", ["service"] = registry, ["tenant"] = Json.Str(call.Spec["tenantId"]) ?? "", ["access_token"] = aad,
        }, "refresh_token", status => $"count not generate refresh token, unexpected status code {status}, expected 200", ct);
        var token = refresh;
        if (Json.Str(call.Spec["scope"]) is { Length: > 0 } scope)
        {
            token = await ExchangeAsync(call, new Uri(baseUri, "/oauth2/token"), new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["service"] = registry, ["scope"] = scope, ["refresh_token"] = refresh,
            }, "access_token", status => $"could not generate access token, unexpected status code: {status}", ct);
        }
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["username"] = Encoding.UTF8.GetBytes(Username),
            ["password"] = Encoding.UTF8.GetBytes(token),
        };
    }

    /// <summary>ESO's token audience per <c>environmentType</c> (Azure Resource Manager of that cloud).</summary>
    private static string Audience(GeneratorCall call) => (Json.Str(call.Spec["environmentType"]) ?? "PublicCloud") switch
    {
        "PublicCloud" or "" => "https://management.azure.com/.default",
        "ChinaCloud" => "https://management.chinacloudapi.cn/.default",
        "USGovernmentCloud" => "https://management.usgovcloudapi.net/.default",
        "GermanCloud" => "https://management.microsoftazure.de/.default",
        var other => throw call.Fail($"spec.environmentType {Echo.Bounded(other)} is not supported"),
    };

    /// <summary>The tenant's own Entra ID token, through the azurekv provider's credentials (never the agent's identity).</summary>
    private static async Task<string> EntraTokenAsync(GeneratorCall call, string registry, string audience, CancellationToken ct)
    {
        var auth = call.Spec["auth"] as JsonObject ?? throw call.Fail("spec.auth is required");
        // an azurekv section with the same identity; its vaultUrl is required by the section and never contacted
        var section = new JsonObject { ["vaultUrl"] = "https://" + registry };
        if (auth["servicePrincipal"]?["secretRef"] is JsonObject secretRef)
        {
            section["authType"] = "ServicePrincipal";
            section["tenantId"] = Json.Str(call.Spec["tenantId"]) ?? throw call.Fail("spec.tenantId is required for auth.servicePrincipal");
            section["authSecretRef"] = new JsonObject { ["clientId"] = secretRef["clientId"]?.DeepClone(), ["clientSecret"] = secretRef["clientSecret"]?.DeepClone() };
        }
        else if (auth["workloadIdentity"] is JsonObject wi)
        {
            if (wi["serviceAccountRef"] is not { } saRef) throw call.Fail("auth.workloadIdentity without serviceAccountRef is the agent's own identity, which a generator may not use");
            section["authType"] = "WorkloadIdentity";
            section["serviceAccountRef"] = saRef.DeepClone();
        }
        else if (auth["managedIdentity"] is not null)
        {
            throw call.Fail("auth.managedIdentity is the agent's node identity, which a generator may not use (use workloadIdentity with serviceAccountRef)");
        }
        else
        {
            throw call.Fail("unexpeted configuration");
        }
        try
        {
            var credential = await AzureKeyVaultProvider.CredentialAsync(GeneratorProviderSpec.For(call, AzureKeyVaultSecretStore.ProviderName, section), ct);
            return (await credential.GetTokenAsync(new Azure.Core.TokenRequestContext([audience]), ct)).Token;
        }
        catch (Exception e) when (e is SecretsKitException or Azure.Identity.AuthenticationFailedException or Azure.RequestFailedException)
        {
            throw call.Fail($"unable to get an Entra ID token: {Echo.Bounded(e.Message, 300)}");
        }
    }

    private static async Task<string> ExchangeAsync(GeneratorCall call, Uri target, Dictionary<string, string> form, string field,
        Func<int, string> statusError, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(form) };
        var body = await TenantHostCall.JsonAsync(call, request, TimeSpan.FromSeconds(10), reply => statusError(reply.Code), ct);
        return Json.Str(body?[field]) is { Length: > 0 } token ? token : throw call.Fail("unable to get token");
    }
}
