using Amazon.Runtime;
using SecretsKit.Agent.Resources;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Cloud.Aws.Sts;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// The AWS keys of an AWS generator's <c>auth.secretRef</c> (<c>accessKeyIDSecretRef</c>, <c>secretAccessKeySecretRef</c>,
/// optional <c>sessionTokenSecretRef</c>), read in the ExternalSecret's namespace. Without them the generator would run
/// as the agent's own identity, which a tenant must not borrow: <c>auth.jwt</c> and ambient credentials are refused.
/// With <c>role</c>, those keys assume it first (STS <c>AssumeRole</c> at the <c>STS</c> endpoint override, as ESO's
/// generators do, without external id or session tags).
/// </summary>
internal static class AwsStaticCredentials
{
    public static async Task<AWSCredentials> ReadAsync(GeneratorCall call, CancellationToken ct)
    {
        if (call.Spec["auth"]?["jwt"] is not null) throw call.Fail("spec.auth.jwt is not supported by the secretskit agent yet");
        var secretRef = call.Spec["auth"]?["secretRef"] ?? throw call.Fail("spec.auth.secretRef is required (the agent never lends its own AWS identity)");
        var id = (await call.ReadSecretTextAsync(secretRef["accessKeyIDSecretRef"], "spec.auth.secretRef.accessKeyIDSecretRef", ct)).Trim();
        var secret = (await call.ReadSecretTextAsync(secretRef["secretAccessKeySecretRef"], "spec.auth.secretRef.secretAccessKeySecretRef", ct)).Trim();
        return secretRef["sessionTokenSecretRef"] is { } session
            ? new SessionAWSCredentials(id, secret, (await call.ReadSecretTextAsync(session, "spec.auth.secretRef.sessionTokenSecretRef", ct)).Trim())
            : new BasicAWSCredentials(id, secret);
    }

    /// <summary>The keys of <c>auth.secretRef</c>, then the generator's <c>role</c> assumed with them when it names one.</summary>
    public static async Task<AWSCredentials> ReadWithRoleAsync(GeneratorCall call, string region, CancellationToken ct)
    {
        var keys = await ReadAsync(call, ct);
        if (Json.Str(call.Spec["role"]) is not { Length: > 0 } role) return keys;
        var sts = new StsClient(new AwsClientOptions
        {
            Region = region,
            Credentials = keys,
            Endpoint = call.Context.Endpoints.GetValueOrDefault("STS"),
            Retry = call.Context.Retry,
            Time = call.Context.Time,
        });
        return StsCredentials.AssumeRole(sts, new AssumeRoleRequest(role, StsCredentials.AssumeRoleSessionName));
    }
}
