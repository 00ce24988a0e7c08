using System.Globalization;
using System.Text;
using Amazon.Runtime;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Resources;
using SecretsKit.Cloud.Aws.Ecr;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// ESO's <c>ECRAuthorizationToken</c> generator (private registries): ECR's GetAuthorizationToken in <c>region</c>,
/// signed as <c>auth</c> says (<see cref="AwsGeneratorCredentials"/>: the keys of <c>auth.secretRef</c>, or IRSA through
/// <c>auth.jwt.serviceAccountRef</c>, both of the ExternalSecret's namespace). Keys <c>username</c>, <c>password</c>,
/// <c>proxy_endpoint</c> and <c>expires_at</c> (Unix seconds). The <c>ECR</c> and <c>STS</c> endpoint overrides of the
/// agent's provider options apply (private endpoints, tests). <c>role</c> is assumed with those credentials first.
/// <c>scope: public</c> is refused with a clear message.
/// </summary>
internal sealed class EcrAuthorizationTokenGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("ecrauthorizationtokens", "ECRAuthorizationToken");

    public string ClusterSpecKey => "ecrAuthorizationTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var region = Json.Str(call.Spec["region"]) is { Length: > 0 } r ? r : throw call.Fail("spec.region is required");
        if (Json.Str(call.Spec["scope"]) == "public") throw call.Fail("spec.scope: public is not supported by the secretskit agent yet");
        EcrAuthorizationToken token;
        try
        {
            var credentials = await AwsGeneratorCredentials.ReadWithRoleAsync(call, region, ct);
            token = await EcrClient.GetAuthorizationTokenAsync(new AwsClientOptions
            {
                Region = region,
                Credentials = credentials,
                Endpoint = call.Context.Endpoints.GetValueOrDefault("ECR"),
                Retry = call.Context.Retry,
                Time = call.Context.Time,
            }, ct);
        }
        catch (AwsServiceException e)
        {
            throw call.Fail($"unable to get authorization token: {e.Message}");
        }
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["username"] = Encoding.UTF8.GetBytes(token.Username),
            ["password"] = Encoding.UTF8.GetBytes(token.Password),
            ["proxy_endpoint"] = Encoding.UTF8.GetBytes(token.ProxyEndpoint),
            ["expires_at"] = Encoding.ASCII.GetBytes(token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
    }
}
