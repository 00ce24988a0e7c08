namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>One <c>AssumeRoleWithWebIdentity</c>: the role, the session name and the OIDC token (a ServiceAccount token).</summary>
public sealed record AssumeRoleWithWebIdentityRequest(string RoleArn, string SessionName, string WebIdentityToken)
{
    public override string ToString() => $"AssumeRoleWithWebIdentityRequest({RoleArn}, {SessionName})";
}
