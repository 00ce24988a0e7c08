using Amazon.Runtime;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// <c>spec.provider.aws.auth.secretRef</c> (and Vault's <c>auth.iam.secretRef</c>): static keys from Secrets,
/// <c>accessKeyIDSecretRef</c> and <c>secretAccessKeySecretRef</c>, with <c>sessionTokenSecretRef</c> for temporary ones.
/// </summary>
internal static class AwsSecretRefAuth
{
    /// <summary>The <c>secretRef</c> form of the table (<see cref="AwsAuthMethods"/>): selected by an object at <c>auth.secretRef</c>.</summary>
    public static AwsAuthSpec Spec { get; } = new("secretRef",
        ["secretRef", "secretRef.accessKeyIDSecretRef", "secretRef.secretAccessKeySecretRef", "secretRef.sessionTokenSecretRef"], ObjectOnly: true,
        async (spec, sr, field, _, ct) =>
        {
            var read = spec.Credentials;
            var id = await read.ReadAsync(sr["accessKeyIDSecretRef"], $"{field}.secretRef.accessKeyIDSecretRef", ct);
            var secret = await read.ReadAsync(sr["secretAccessKeySecretRef"], $"{field}.secretRef.secretAccessKeySecretRef", ct);
            return sr["sessionTokenSecretRef"] is { } st
                ? new SessionAWSCredentials(id, secret, await read.ReadAsync(st, $"{field}.secretRef.sessionTokenSecretRef", ct))
                : new BasicAWSCredentials(id, secret);
        });
}
