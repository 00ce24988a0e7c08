namespace SecretsKit.Testing.HuaweiCloud;

/// <summary>An access key the fake accepts: its secret, the project it may call, and the security token of temporary keys.</summary>
public sealed record HuaweiAccessKey(string AccessKey, string SecretKey, string ProjectId, string? SecurityToken = null)
{
    /// <summary>The variables the SDK (and SecretsKit) read these from.</summary>
    public Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HUAWEICLOUD_SDK_AK"] = AccessKey,
            ["HUAWEICLOUD_SDK_SK"] = SecretKey,
            ["HUAWEICLOUD_SDK_PROJECT_ID"] = ProjectId,
        };
        if (SecurityToken is not null) env["HUAWEICLOUD_SDK_SECURITY_TOKEN"] = SecurityToken;
        return env;
    }
}
