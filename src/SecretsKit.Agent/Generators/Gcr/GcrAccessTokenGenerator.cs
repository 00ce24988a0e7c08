using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Gcp;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.Stores;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Gcr;

/// <summary>
/// ESO's <c>GCRAccessToken</c> generator: an access token of <c>auth</c> (a JSON key in <c>secretRef</c>,
/// <c>workloadIdentity</c> or <c>workloadIdentityFederation</c>, with the gcpsm provider's own code, in the
/// ExternalSecret's namespace and never the agent's own identity) for <c>projectID</c>. Keys <c>username</c>
/// (<c>oauth2accesstoken</c>, as registries expect), <c>password</c> (the token) and <c>expiry</c> (Unix seconds).
/// </summary>
internal sealed class GcrAccessTokenGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("gcraccesstokens", "GCRAccessToken");

    public string ClusterSpecKey => "gcrAccessTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var project = Json.Str(call.Spec["projectID"]) is { Length: > 0 } p ? p : throw call.Fail("spec.projectID is required");
        var section = new JsonObject { ["projectID"] = project };
        if (call.Spec["auth"] is JsonObject auth) section["auth"] = auth.DeepClone();
        var spec = GeneratorProviderSpec.For(call, "gcpsm", section);
        (string Token, DateTimeOffset? ExpiresAt) token;
        try
        {
            token = await GcpSecretManagerProvider.AccessTokenAsync(spec, ct);
        }
        catch (ReconcileException)
        {
            throw;
        }
        catch (SecretsKitException e)
        {
            throw call.Fail($"unable to get authorization token: {e.Message}");
        }
        // ESO writes Go's zero time when the token states no expiry
        var expiry = token.ExpiresAt?.ToUnixTimeSeconds() ?? -62135596800;
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["username"] = "oauth2accesstoken"u8.ToArray(),
            ["password"] = Encoding.UTF8.GetBytes(token.Token),
            ["expiry"] = Encoding.ASCII.GetBytes(expiry.ToString(CultureInfo.InvariantCulture)),
        };
    }
}
