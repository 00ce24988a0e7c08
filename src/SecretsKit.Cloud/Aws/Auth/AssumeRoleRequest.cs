namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>One <c>AssumeRole</c>: the role, the session name, and ESO's <c>externalID</c>, session tags and <c>transitiveTagKeys</c>.</summary>
public sealed record AssumeRoleRequest(string RoleArn, string SessionName)
{
    public string? ExternalId { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    public IReadOnlyList<string> TransitiveTagKeys { get; init; } = [];
}
