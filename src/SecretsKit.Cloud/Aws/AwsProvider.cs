using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.SecretsManager;
using SecretsKit.Cloud.Aws.Stores.Ssm;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws;

/// <summary>
/// <c>spec.provider.aws</c> (service SecretsManager or ParameterStore; the credential forms of <see cref="AwsAuthMethods"/>
/// (static keys, IRSA through a named ServiceAccount) or, for a ClusterSecretStore only, the agent's ambient chain
/// (<see cref="AmbientAwsCredentials"/>: keys, IRSA, EKS Pod Identity / ECS container credentials); then ESO's role chain:
/// <c>additionalRoles</c>, then <c>role</c> with <c>externalID</c> and session tags (<see cref="AwsSessionTags"/>)) and
/// <c>ref+awssecrets://NAME</c> / <c>ref+awsssm://PATH</c> (the <c>AWS_*</c> environment).
/// </summary>
public sealed class AwsProvider : ISecretStoreProvider
{
    public string Name => "aws";

    public IReadOnlyList<string> Fields { get; } =
    [
        "service", "region", .. AwsAuthMethods.Fields,
        "role", "additionalRoles", "externalID", "sessionTags", "transitiveTagKeys", "sessionTagsPolicy", "customSessionTags",
    ];

    public IReadOnlyList<RefScheme> RefSchemes { get; } =
    [
        new("awssecrets", (path, _) => ("", path),
            (_, context, _) => new SecretsManagerStore(new SecretsManagerClient(AwsClientOptions.FromEnvironment(context.Environment, "SECRETS_MANAGER")))),
        new("awsssm", (path, _) => ("", path.StartsWith('/') ? path : "/" + path),
            (_, context, _) => new ParameterStore(new ParameterStoreClient(AwsClientOptions.FromEnvironment(context.Environment, "SSM")))),
    ];

    public string? UnsupportedValue(JsonObject spec) =>
        SpecJson.Str(spec["service"]) is { } service && service is not ("SecretsManager" or "ParameterStore") ? "service"
        : SpecJson.Str(spec["sessionTagsPolicy"]) is { } policy && policy is not ("None" or "Simple" or "Custom") ? "sessionTagsPolicy"
        : null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var service = SpecJson.Str(spec.Spec["service"]) ?? "SecretsManager";
        var options = await ClientOptionsAsync(spec, service, cancellationToken);
#pragma warning disable CA2000 // the client is owned by the returned store and lives as long as it
        return service == "ParameterStore"
            ? new ParameterStore(new ParameterStoreClient(options))
            : new SecretsManagerStore(new SecretsManagerClient(options))
            {
                PolicySources = spec.Credentials,
                ClusterStore = spec.StoreKind == "ClusterSecretStore",
            };
#pragma warning restore CA2000
    }

    /// <summary>
    /// The client options of a store's AWS service client: its region, its own credentials (<c>auth</c> and the role
    /// chain) and the endpoint override of <paramref name="endpointService"/> (<c>SecretsManager</c>, <c>ParameterStore</c>,
    /// <c>SQS</c>). Change-event sources use it to call another service as the store.
    /// </summary>
    public static async Task<AwsClientOptions> ClientOptionsAsync(ProviderSpec spec, string endpointService, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var region = SpecJson.Required(spec, "aws", "region");
        // the region names the hosts (secretsmanager.REGION.amazonaws.com): a region name, as the AWS SDKs require, so a spec picks no other host
        if (!AwsRegionName.IsValid(region)) throw new StoreConfigException($"store {spec.StoreName}: aws: region '{Core.Errors.Echo.Bounded(region)}' is not an AWS region name");
        var credentials = await BaseCredentialsAsync(spec, region, cancellationToken);
        if (credentials is null && !spec.MayUseAgentServiceAccount)
        {
            throw new StoreConfigException(AwsAuthMethods.MissingAuth(spec.StoreName));
        }
#pragma warning disable CA2000 // held by the store's client (through the role chain) for the store's lifetime
        credentials ??= AmbientAwsCredentials.Resolve(spec.Context.Ambient.Environment, () => Sts(spec, region, null), spec.Context.Retry, spec.Context.Time);
#pragma warning restore CA2000
        return new AwsClientOptions
        {
            Region = region,
            Credentials = Chain(spec, region, credentials),
            Endpoint = spec.Context.Endpoints.GetValueOrDefault(endpointService),
            Retry = spec.Context.Retry,
            Time = spec.Context.Time,
        };
    }

    /// <summary>The credentials of the form <c>auth</c> names (<see cref="AwsAuthMethods"/>); null: the ambient chain.</summary>
    private static Task<AWSCredentials?> BaseCredentialsAsync(ProviderSpec spec, string region, CancellationToken ct) =>
        AwsAuthMethods.FromAuthAsync(spec, spec.Spec["auth"], "auth", () => Sts(spec, region, null), ct);

    /// <summary>ESO's chain: each of <c>additionalRoles</c>, then <c>role</c> (with <c>externalID</c> and <see cref="AwsSessionTags"/>).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope",
        Justification = "Each link of the chain is held by the next one and the last by the store's client, for the store's lifetime.")]
    private static AWSCredentials? Chain(ProviderSpec spec, string region, AWSCredentials? credentials)
    {
        var p = spec.Spec;
        var additional = p["additionalRoles"] is JsonArray roles ? roles.Select(SpecJson.Str).OfType<string>().Where(r => r.Length > 0) : [];
        foreach (var role in additional)
        {
            credentials = StsCredentials.AssumeRole(Sts(spec, region, credentials), new AssumeRoleRequest(role, StsCredentials.AssumeRoleSessionName));
        }
        if (SpecJson.Str(p["role"]) is not { Length: > 0 } main) return credentials;
        var (tags, transitive) = AwsSessionTags.Of(spec);
        return StsCredentials.AssumeRole(Sts(spec, region, credentials), new AssumeRoleRequest(main, StsCredentials.AssumeRoleSessionName)
        {
            ExternalId = SpecJson.Str(p["externalID"]),
            Tags = tags,
            TransitiveTagKeys = transitive,
        });
    }

    /// <summary>STS signing with <paramref name="caller"/>, at the <c>STS</c> endpoint override (ESO's <c>AWS_STS_ENDPOINT</c>), else the region's own endpoint.</summary>
    private static StsClient Sts(ProviderSpec spec, string region, AWSCredentials? caller) => new(new AwsClientOptions
    {
        Region = region,
        Credentials = caller,
        Endpoint = spec.Context.Endpoints.GetValueOrDefault("STS"),
        Retry = spec.Context.Retry,
        Time = spec.Context.Time,
    });
}
