using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// <c>POST /api/v1/namespaces/NS/serviceaccounts/NAME/token</c>: a token for the ServiceAccount (authentication.k8s.io/v1
    /// TokenRequest) bound to <paramref name="audiences"/> (empty: the API server's own audiences), valid for
    /// <paramref name="expirationSeconds"/> (null: the server's default, an hour; the server may shorten it). A missing
    /// ServiceAccount is a <see cref="KubernetesNotFoundException"/>; bad input (fewer than 600 seconds) a
    /// <see cref="KubernetesInvalidException"/>. Needs <c>create</c> on <c>serviceaccounts/token</c>.
    /// </summary>
    public async Task<ServiceAccountToken> CreateServiceAccountTokenAsync(string ns, string serviceAccount, IReadOnlyList<string> audiences,
        long? expirationSeconds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        var type = ResourceTypes.ServiceAccount;
        var spec = new JsonObject { ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode?)a)]) };
        if (expirationSeconds is { } seconds) spec["expirationSeconds"] = seconds;
        var body = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
        var result = await SendJsonAsync(HttpMethod.Post, type.ItemPath(ns, serviceAccount, "token"), body, "application/json",
            Describe("create token for", type, ns, serviceAccount), cancellationToken);
        var status = result["status"] as JsonObject;
        var token = status?["token"] is JsonValue t && t.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        var expires = status?["expirationTimestamp"] is JsonValue e && e.TryGetValue<string>(out var when)
            && DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        if (token is null || expires is null)
        {
            throw new KubernetesApiException(System.Net.HttpStatusCode.OK, $"create token for {type} {ns}/{serviceAccount}",
                new KubeStatus(200, "InvalidResponse", "the TokenRequest answer has no status.token or status.expirationTimestamp", null), null);
        }
        return new ServiceAccountToken(token, expires.Value);
    }
}
