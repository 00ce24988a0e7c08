using Amazon.Runtime;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// Temporary credentials from STS, fetched again five minutes before they expire: either a web identity
/// (<c>AssumeRoleWithWebIdentity</c> with a ServiceAccount token minted for each call) or a role assumed with the
/// credentials of the <see cref="StsClient"/> (the link before it in the chain) with <c>AssumeRole</c>.
/// </summary>
public sealed class StsCredentials : RefreshingAWSCredentials
{
    private readonly Func<CancellationToken, Task<StsSessionCredentials>> _fetch;

    private StsCredentials(Func<CancellationToken, Task<StsSessionCredentials>> fetch)
    {
        _fetch = fetch;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <summary>ESO's session name for IRSA, kept so IAM conditions on <c>sts:RoleSessionName</c> carry over.</summary>
    public const string WebIdentitySessionName = "external-secrets-provider-aws";

    public const string AssumeRoleSessionName = "secretskit-agent";

    public static StsCredentials WebIdentity(StsClient sts, string roleArn, Func<CancellationToken, Task<string>> token)
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentNullException.ThrowIfNull(token);
        return new(async ct => await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest(roleArn, WebIdentitySessionName, await token(ct)), ct));
    }

    /// <summary>The role of <paramref name="request"/>, assumed with <paramref name="sts"/>'s own credentials.</summary>
    public static StsCredentials AssumeRole(StsClient sts, AssumeRoleRequest request)
    {
        ArgumentNullException.ThrowIfNull(sts);
        return new(ct => sts.AssumeRoleAsync(request, ct));
    }

    protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var c = await _fetch(CancellationToken.None);
        return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), c.Expiration.UtcDateTime);
    }
}
