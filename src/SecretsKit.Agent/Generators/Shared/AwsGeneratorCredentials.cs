using Amazon.Runtime;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Generators.Shared;

/// <summary>
/// The AWS identity of an AWS generator's <c>auth</c>, as ESO's generator session builds it, always in the namespace of
/// the ExternalSecret that asks (also for a ClusterGenerator): the keys of <c>secretRef</c> (<c>accessKeyIDSecretRef</c>,
/// <c>secretAccessKeySecretRef</c>, optional <c>sessionTokenSecretRef</c>), which win over <c>jwt</c> as in ESO; else IRSA
/// through <c>jwt.serviceAccountRef</c> (a ServiceAccount of that namespace only: its <c>eks.amazonaws.com/role-arn</c>,
/// with a token for <c>sts.amazonaws.com</c> or its <c>eks.amazonaws.com/audience</c>, exchanged at the <c>STS</c>
/// endpoint). Neither is an error: the generator never runs as the agent's own identity. With <c>role</c>, those
/// credentials assume it first (STS <c>AssumeRole</c>, as ESO's generators do, without external id or session tags).
/// </summary>
internal static class AwsGeneratorCredentials
{
    public static async Task<AWSCredentials> ReadAsync(GeneratorCall call, string region, CancellationToken ct)
    {
        var auth = call.Spec["auth"];
        if (auth?["secretRef"] is { } secretRef)
        {
            var id = (await call.ReadSecretTextAsync(secretRef["accessKeyIDSecretRef"], "spec.auth.secretRef.accessKeyIDSecretRef", ct)).Trim();
            var secret = (await call.ReadSecretTextAsync(secretRef["secretAccessKeySecretRef"], "spec.auth.secretRef.secretAccessKeySecretRef", ct)).Trim();
            return secretRef["sessionTokenSecretRef"] is { } session
                ? new SessionAWSCredentials(id, secret, (await call.ReadSecretTextAsync(session, "spec.auth.secretRef.sessionTokenSecretRef", ct)).Trim())
                : new BasicAWSCredentials(id, secret);
        }
        if (auth?["jwt"] is { } jwt)
        {
            var saRef = jwt["serviceAccountRef"] ?? throw call.Fail("spec.auth.jwt.serviceAccountRef is required");
            try
            {
                return await StoreAwsCredentials.WebIdentityAsync(GeneratorProviderSpec.ServiceAccounts(call), saRef, "spec.auth.jwt.serviceAccountRef",
                    call.Description, () => Sts(call, region, null), ct);
            }
            catch (StoreConfigException e)
            {
                throw new ReconcileException(Messages.SecretSyncedError, e.Message, e);
            }
        }
        throw call.Fail($"spec.auth needs {StoreAwsCredentials.AuthForms} (the agent never lends its own AWS identity)");
    }

    /// <summary>The credentials of <c>auth</c>, then the generator's <c>role</c> assumed with them when it names one.</summary>
    public static async Task<AWSCredentials> ReadWithRoleAsync(GeneratorCall call, string region, CancellationToken ct)
    {
        var credentials = await ReadAsync(call, region, ct);
        if (Json.Str(call.Spec["role"]) is not { Length: > 0 } role) return credentials;
        return StsCredentials.AssumeRole(Sts(call, region, credentials), new AssumeRoleRequest(role, StsCredentials.AssumeRoleSessionName));
    }

    private static StsClient Sts(GeneratorCall call, string region, AWSCredentials? caller) => new(new AwsClientOptions
    {
        Region = region,
        Credentials = caller,
        Endpoint = call.Context.Endpoints.GetValueOrDefault("STS"),
        Retry = call.Context.Retry,
        Time = call.Context.Time,
    });
}
