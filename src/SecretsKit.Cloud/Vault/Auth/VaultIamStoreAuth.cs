using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Vault.Auth;

/// <summary>
/// ESO's <c>auth.iam</c> (VaultIamAuth) as a <see cref="VaultIamAuth"/>: <c>path</c> (default <c>aws</c>), <c>region</c>
/// (default <c>us-east-1</c>), <c>vaultRole</c>, <c>vaultAwsIamServerID</c>; credentials from <c>jwt.serviceAccountRef</c>
/// (IRSA), else <c>secretRef</c>, else (a ClusterSecretStore only) the agent pod's own AWS environment; then <c>role</c>
/// (with <c>externalID</c>) assumed with them. The request is signed for the store's STS endpoint (<c>AWS_STS_ENDPOINT</c>),
/// else the region's.
/// </summary>
internal static class VaultIamStoreAuth
{
    /// <summary>The <c>auth.iam</c> method of the table (<see cref="VaultAuthMethods"/>).</summary>
    public static VaultAuthSpec Spec { get; } = new("iam", ["path", "region", "role", "vaultRole", "externalID", "vaultAwsIamServerID", .. AwsAuthMethods.All.SelectMany(m => m.Fields)],
        async (spec, section, ct) => await CreateAsync(spec, (System.Text.Json.Nodes.JsonObject)section, ct));

    private const string DefaultRegion = "us-east-1";

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope",
        Justification = "The credentials are held by the returned auth method for the store's lifetime.")]
    public static async Task<VaultIamAuth> CreateAsync(ProviderSpec spec, JsonObject iam, CancellationToken ct)
    {
        var role = SpecJson.Str(iam["vaultRole"]) ?? throw new StoreConfigException($"store {spec.StoreName}: auth.iam.vaultRole is required");
        var region = SpecJson.Str(iam["region"]) ?? DefaultRegion;
        if (!AwsRegionName.IsValid(region)) throw new StoreConfigException($"store {spec.StoreName}: auth.iam.region '{SecretsKit.Core.Errors.Echo.Bounded(region)}' is not an AWS region name");
        var endpoint = spec.Context.Endpoints.GetValueOrDefault("STS") ?? StsClient.RegionalEndpoint(region);
        StsClient Sts() => StsAs(null);
        StsClient StsAs(AWSCredentials? caller) =>
            new(new AwsClientOptions { Region = region, Endpoint = endpoint, Credentials = caller, Retry = spec.Context.Retry, Time = spec.Context.Time });

        // ESO's order: jwt (IRSA) first, then secretRef
        var credentials = iam["jwt"] is JsonObject jwt
            ? await StoreAwsCredentials.FromAuthAsync(spec, new JsonObject { ["jwt"] = jwt.DeepClone() }, "auth.iam", Sts, ct)
            : await StoreAwsCredentials.FromAuthAsync(spec, iam, "auth.iam", Sts, ct);
        if (credentials is null)
        {
            if (!spec.MayUseAgentServiceAccount)
            {
                throw new StoreConfigException($"store {spec.StoreName}: auth.iam needs {Alternatives.Or(AwsAuthMethods.All.Select(m => m.Path))} in a SecretStore; "
                    + "only a ClusterSecretStore may use the agent's own AWS identity");
            }
            credentials = AmbientAwsCredentials.Resolve(spec.Context.Ambient.Environment, Sts, spec.Context.Retry, spec.Context.Time)
                ?? throw new StoreConfigException($"store {spec.StoreName}: auth.iam: no AWS identity in the agent's environment ({AmbientAwsCredentials.Variables})");
        }
        if (SpecJson.Str(iam["role"]) is { Length: > 0 } assume)
        {
            credentials = StsCredentials.AssumeRole(StsAs(credentials),
                new AssumeRoleRequest(assume, StsCredentials.AssumeRoleSessionName) { ExternalId = SpecJson.Str(iam["externalID"]) });
        }
        return new VaultIamAuth(role, credentials, endpoint, region, SpecJson.Str(iam["vaultAwsIamServerID"]),
            SpecJson.Str(iam["path"]) ?? "aws", spec.Context.Time);
    }
}
