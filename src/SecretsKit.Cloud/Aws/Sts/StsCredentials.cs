using Amazon.Runtime;

namespace SecretsKit.Cloud.Aws.Sts;

/// <summary>
/// Temporary credentials from STS, fetched again five minutes before they expire: either a web identity
/// (<c>AssumeRoleWithWebIdentity</c> with a ServiceAccount token minted for each call) or a role assumed with the
/// credentials before it in the chain (<c>AssumeRole</c>).
/// </summary>
internal sealed class StsCredentials : RefreshingAWSCredentials
{
    private readonly Func<CancellationToken, Task<CredentialsRefreshState>> _fetch;

    private StsCredentials(Func<CancellationToken, Task<CredentialsRefreshState>> fetch)
    {
        _fetch = fetch;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <summary>ESO's session name for IRSA, kept so IAM conditions on <c>sts:RoleSessionName</c> carry over.</summary>
    public const string WebIdentitySessionName = "external-secrets-provider-aws";

    public const string AssumeRoleSessionName = "secretskit-agent";

    public static StsCredentials WebIdentity(StsClient sts, string roleArn, Func<CancellationToken, Task<string>> token) =>
        new(async ct => await sts.AssumeRoleWithWebIdentityAsync(roleArn, WebIdentitySessionName, await token(ct), ct));

    public static StsCredentials AssumeRole(StsClient sts, AWSCredentials? caller, AssumeRoleRequest request) =>
        new(ct => sts.AssumeRoleAsync(caller, request, ct));

    protected override CredentialsRefreshState GenerateNewCredentials() => _fetch(CancellationToken.None).GetAwaiter().GetResult();

    protected override Task<CredentialsRefreshState> GenerateNewCredentialsAsync() => _fetch(CancellationToken.None);
}
