using Amazon.Runtime;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// The AWS keys of an AWS generator's <c>auth.secretRef</c> (<c>accessKeyIDSecretRef</c>, <c>secretAccessKeySecretRef</c>,
/// optional <c>sessionTokenSecretRef</c>), read in the ExternalSecret's namespace. Without them the generator would run
/// as the agent's own identity, which a tenant must not borrow: <c>auth.jwt</c> and ambient credentials are refused.
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
}
