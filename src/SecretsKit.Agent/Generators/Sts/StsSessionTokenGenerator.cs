using System.Globalization;
using System.Text;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Sts;

/// <summary>
/// ESO's <c>STSSessionToken</c> generator: STS GetSessionToken in <c>region</c> with the keys of <c>auth.secretRef</c>
/// and <c>requestParameters</c> (<c>sessionDuration</c>, <c>serialNumber</c>, <c>tokenCode</c>). Keys
/// <c>access_key_id</c>, <c>secret_access_key</c>, <c>session_token</c>, <c>expiration</c> (Unix seconds). The <c>STS</c>
/// endpoint override of the agent's provider options applies. With <c>role</c>, the keys assume it first and the session
/// is the role's (as ESO chains it). <c>auth.jwt</c> is refused as ESO does.
/// </summary>
internal sealed class StsSessionTokenGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("stssessiontokens", "STSSessionToken");

    public string ClusterSpecKey => "stsSessionTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var region = Json.Str(call.Spec["region"]) is { Length: > 0 } r ? r : throw call.Fail("spec.region is required");
        // the region names the host the signed request goes to: a region name, as the AWS SDKs require
        if (!AwsRegionName.IsValid(region)) throw call.Fail($"spec.region '{Echo.Bounded(region)}' is not an AWS region name");
        if (call.Spec["auth"]?["jwt"] is not null) throw call.Fail("jwt auth cannot be used for STS Session Token generation");
        var parameters = call.Spec["requestParameters"];
        long? duration = parameters?["sessionDuration"] switch
        {
            null => null,
            System.Text.Json.Nodes.JsonValue v when v.TryGetValue<long>(out var n) => n,
            _ => throw call.Fail("spec.requestParameters.sessionDuration is not an integer"),
        };
        try
        {
            var sts = new StsClient(new AwsClientOptions
            {
                Region = region,
                Credentials = await AwsGeneratorCredentials.ReadWithRoleAsync(call, region, ct),
                Endpoint = call.Context.Endpoints.GetValueOrDefault("STS"),
                Retry = call.Context.Retry,
                Time = call.Context.Time,
            });
            var session = await sts.GetSessionTokenAsync(new GetSessionTokenRequest
            {
                DurationSeconds = duration is { } d ? (int)Math.Clamp(d, 0, int.MaxValue) : null,
                SerialNumber = Json.Str(parameters?["serialNumber"]),
                TokenCode = Json.Str(parameters?["tokenCode"]),
            }, ct);
            return new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                ["access_key_id"] = Encoding.UTF8.GetBytes(session.AccessKeyId),
                ["secret_access_key"] = Encoding.UTF8.GetBytes(session.SecretAccessKey),
                ["session_token"] = Encoding.UTF8.GetBytes(session.SessionToken),
                ["expiration"] = Encoding.ASCII.GetBytes(session.Expiration.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            };
        }
        catch (AwsServiceException e)
        {
            throw call.Fail($"unable to get authorization token: {e.Message}");
        }
    }
}
