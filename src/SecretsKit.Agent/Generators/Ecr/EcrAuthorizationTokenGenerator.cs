using System.Globalization;
using System.Text;
using Amazon.Runtime;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Aws.Ecr;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Ecr;

/// <summary>
/// ESO's <c>ECRAuthorizationToken</c> generator: ECR's GetAuthorizationToken in <c>region</c>, or with
/// <c>scope: public</c> ECR Public's, signed as <c>auth</c> says (<see cref="AwsGeneratorCredentials"/>: the keys of
/// <c>auth.secretRef</c>, or IRSA through <c>auth.jwt.serviceAccountRef</c>, both of the ExternalSecret's namespace).
/// Keys <c>username</c>, <c>password</c>, <c>proxy_endpoint</c> (private only, as in ESO) and <c>expires_at</c> (Unix
/// seconds). The <c>ECR</c>, <c>ECRPublic</c> and <c>STS</c> endpoint overrides of the agent's provider options apply
/// (ESO's <c>AWS_ECR_ENDPOINT</c> and <c>AWS_ECR_PUBLIC_ENDPOINT</c>, tests). <c>role</c> is assumed with those
/// credentials first.
/// </summary>
internal sealed class EcrAuthorizationTokenGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("ecrauthorizationtokens", "ECRAuthorizationToken");

    public string ClusterSpecKey => "ecrAuthorizationTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var region = Json.Str(call.Spec["region"]) is { Length: > 0 } r ? r : throw call.Fail("spec.region is required");
        // the region names the host the signed request goes to: a region name, as the AWS SDKs require
        if (!AwsRegionName.IsValid(region)) throw call.Fail($"spec.region '{Echo.Bounded(region)}' is not an AWS region name");
        var isPublic = Json.Str(call.Spec["scope"]) == "public";
        EcrAuthorizationToken token;
        try
        {
            var credentials = await AwsGeneratorCredentials.ReadWithRoleAsync(call, region, ct);
            var options = new AwsClientOptions
            {
                Region = region,
                Credentials = credentials,
                Endpoint = call.Context.Endpoints.GetValueOrDefault(isPublic ? "ECRPublic" : "ECR"),
                Retry = call.Context.Retry,
                Time = call.Context.Time,
            };
            token = isPublic ? await EcrClient.GetPublicAuthorizationTokenAsync(options, ct) : await EcrClient.GetAuthorizationTokenAsync(options, ct);
        }
        catch (AwsServiceException e)
        {
            throw call.Fail($"unable to get {(isPublic ? "public " : "")}authorization token: {e.Message}");
        }
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["username"] = Encoding.UTF8.GetBytes(token.Username),
            ["password"] = Encoding.UTF8.GetBytes(token.Password),
            ["expires_at"] = Encoding.ASCII.GetBytes(token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        if (!isPublic) keys["proxy_endpoint"] = Encoding.UTF8.GetBytes(token.ProxyEndpoint);
        return keys;
    }
}
