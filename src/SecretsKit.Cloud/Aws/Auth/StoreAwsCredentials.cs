using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// The AWS credentials an ESO <c>auth</c> block names, wherever it sits (the aws provider's <c>auth</c>, Vault's
/// <c>auth.iam</c>): the first form of <see cref="AwsAuthMethods"/> it sets, null when it sets none; and IRSA for a named
/// ServiceAccount (a token for its <c>eks.amazonaws.com/audience</c> or <c>sts.amazonaws.com</c>, exchanged with
/// <c>AssumeRoleWithWebIdentity</c> for its <c>eks.amazonaws.com/role-arn</c>), which the agent's generators use too.
/// </summary>
public static class StoreAwsCredentials
{
    /// <summary>The ServiceAccount annotation IRSA reads the role from, and the one that may change the token's audience (ESO's).</summary>
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";

    public const string AudienceAnnotation = "eks.amazonaws.com/audience";

    /// <summary>The forms an <c>auth</c> block may name, from the table, as a "needs …" error names them (the generators' too).</summary>
    public static string AuthForms => AwsAuthMethods.Forms;

    /// <param name="spec">The store.</param>
    /// <param name="auth">The <c>auth</c> object (may be null).</param>
    /// <param name="field">Its spec path, for messages (<c>auth</c>, <c>auth.iam</c>).</param>
    /// <param name="sts">The STS client IRSA exchanges at.</param>
    /// <param name="ct">Cancellation.</param>
    public static Task<AWSCredentials?> FromAuthAsync(ProviderSpec spec, JsonNode? auth, string field, Func<StsClient> sts, CancellationToken ct) =>
        AwsAuthMethods.FromAuthAsync(spec, auth, field, sts, ct);

    /// <summary>
    /// IRSA for the ServiceAccount <paramref name="saRef"/> names (tenancy checked by <paramref name="accounts"/>): its
    /// <c>eks.amazonaws.com/role-arn</c> assumed with <c>AssumeRoleWithWebIdentity</c>, with a token minted at each
    /// exchange for its <c>eks.amazonaws.com/audience</c> or <c>sts.amazonaws.com</c> (and the ref's own <c>audiences</c>).
    /// </summary>
    /// <param name="accounts">Where tokens and annotations come from.</param>
    /// <param name="saRef">The <c>serviceAccountRef</c>.</param>
    /// <param name="field">Its spec path, for messages.</param>
    /// <param name="owner">Who names it (<c>store NAME</c>, a generator), for messages.</param>
    /// <param name="sts">The STS client the token is exchanged at.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<AWSCredentials> WebIdentityAsync(IServiceAccountTokens accounts, JsonNode saRef, string field, string owner, Func<StsClient> sts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(sts);
        var annotations = await accounts.AnnotationsAsync(saRef, field, ct);
        var roleArn = annotations.GetValueOrDefault(RoleArnAnnotation);
        if (string.IsNullOrEmpty(roleArn))
        {
            throw new StoreConfigException($"{owner}: {field}: the ServiceAccount has no {RoleArnAnnotation} annotation (the IAM role to assume)");
        }
        // ESO: the audience annotation or sts.amazonaws.com, then the ServiceAccount's own audiences
        var audience = annotations.GetValueOrDefault(AudienceAnnotation) is { Length: > 0 } a ? a : "sts.amazonaws.com";
        return StsCredentials.WebIdentity(sts(), roleArn, c => accounts.TokenAsync(saRef, [audience], null, field, c));
    }
}
