using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.HuaweiCloud.Keys;

/// <summary>
/// The KMS regions HuaweiCloud's SDK knows (sops resolves a key's region with the SDK's <c>kmsregion.SafeValueOf</c>,
/// which refuses any other), plus any region given an endpoint in <c>HUAWEICLOUD_SDK_REGION_KMS_{REGION}</c>. A key
/// naming another region is refused before its signed request is built.
/// </summary>
internal static class HuaweiCloudRegions
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "af-south-1", "ae-ad-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5", "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9",
        "cn-north-11", "cn-north-12", "cn-south-1", "cn-south-2", "cn-southwest-2", "eu-west-0", "eu-west-101",
        "la-north-2", "la-south-2", "me-east-1", "my-kualalumpur-1", "na-mexico-1", "ru-moscow-1", "sa-brazil-1",
        "tr-west-1",
    };

    /// <summary>The environment variable that gives a region's KMS endpoint, as the SDK reads it.</summary>
    public static string EndpointVariable(string region) => "HUAWEICLOUD_SDK_REGION_KMS_" + region.ToUpperInvariant().Replace('-', '_');

    /// <summary>The KMS endpoint of a region: the configured one, else the SDK's host for a region it knows.</summary>
    public static Uri Endpoint(string region, IEnvironment environment)
    {
        var configured = environment.Get(EndpointVariable(region));
        if (!string.IsNullOrEmpty(configured)) return new Uri(configured.Split(',')[0].Trim().TrimEnd('/') + "/");
        if (!Known.Contains(region))
        {
            throw new ProviderException("hckms", ExitCodes.Generic,
                $"unknown region '{Echo.Bounded(region)}': not a KMS region HuaweiCloud's SDK knows",
                $"set {EndpointVariable(region)} to its endpoint if it is a new region");
        }
        return new Uri($"https://kms.{region}.myhuaweicloud.com/");
    }
}
