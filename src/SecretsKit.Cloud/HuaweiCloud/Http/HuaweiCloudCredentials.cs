using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.HuaweiCloud.Http;

/// <summary>
/// An access key pair for "SDK-HMAC-SHA256" request signing, the project the KMS calls are made in and, for temporary
/// credentials, a security token. Read from <c>HUAWEICLOUD_SDK_AK</c>, <c>HUAWEICLOUD_SDK_SK</c>,
/// <c>HUAWEICLOUD_SDK_PROJECT_ID</c> and <c>HUAWEICLOUD_SDK_SECURITY_TOKEN</c>, like the SDK's environment provider.
/// </summary>
internal sealed record HuaweiCloudCredentials(string AccessKey, string SecretKey, string ProjectId, string? SecurityToken)
{
    public static HuaweiCloudCredentials FromEnvironment(IEnvironment environment)
    {
        var ak = environment.Get("HUAWEICLOUD_SDK_AK");
        var sk = environment.Get("HUAWEICLOUD_SDK_SK");
        if (string.IsNullOrEmpty(ak) || string.IsNullOrEmpty(sk))
        {
            throw new ProviderException("hckms", ExitCodes.Generic, "no HuaweiCloud credentials",
                "set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_PROJECT_ID)");
        }
        var project = environment.Get("HUAWEICLOUD_SDK_PROJECT_ID");
        if (string.IsNullOrEmpty(project))
        {
            throw new ProviderException("hckms", ExitCodes.Generic, "HUAWEICLOUD_SDK_PROJECT_ID is not set",
                "set it to the project id of the key's region (SecretsKit does not look it up through IAM)");
        }
        var token = environment.Get("HUAWEICLOUD_SDK_SECURITY_TOKEN");
        return new HuaweiCloudCredentials(ak, sk, project, string.IsNullOrEmpty(token) ? null : token);
    }

    /// <summary>Never prints the secret key or token.</summary>
    public override string ToString() => $"HuaweiCloudCredentials {{ AccessKey = {AccessKey}, ProjectId = {ProjectId} }}";
}
