namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// <c>spec.provider.aws.auth.jwt.serviceAccountRef</c> (and Vault's <c>auth.iam.jwt.serviceAccountRef</c>): IRSA through a
/// named ServiceAccount, a token of it exchanged with <c>AssumeRoleWithWebIdentity</c> for its
/// <c>eks.amazonaws.com/role-arn</c> (<see cref="StoreAwsCredentials.WebIdentityAsync"/>).
/// </summary>
internal static class AwsJwtAuth
{
    /// <summary>The <c>jwt</c> form of the table (<see cref="AwsAuthMethods"/>): selected by any value at <c>auth.jwt.serviceAccountRef</c>.</summary>
    public static AwsAuthSpec Spec { get; } = new("jwt.serviceAccountRef", ["jwt", "jwt.serviceAccountRef"], ObjectOnly: false,
        (spec, saRef, field, sts, ct) =>
            StoreAwsCredentials.WebIdentityAsync(spec.ServiceAccounts, saRef, $"{field}.jwt.serviceAccountRef", $"store {spec.StoreName}", sts, ct));
}
