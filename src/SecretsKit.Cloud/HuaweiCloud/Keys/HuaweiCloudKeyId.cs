using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.HuaweiCloud.Keys;

/// <summary>
/// A HuaweiCloud KMS key as sops names it: <c>region:key-uuid</c> (e.g. <c>tr-west-1:0d0466b0-…</c>). The region picks
/// the host the signed request goes to, so it must be one hostname label; whether it is a region the SDK knows is
/// <see cref="HuaweiCloudRegions"/>' call, made before any request.
/// </summary>
internal sealed partial record HuaweiCloudKeyId(string Text, string Region, string KeyUuid)
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex KeyPattern();

    /// <summary>Splits at the first colon; both parts are trimmed and must be non-empty, as in sops's <c>parseKeyID</c>.</summary>
    public static HuaweiCloudKeyId Parse(string text)
    {
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var region = colon < 0 ? "" : trimmed[..colon].Trim();
        var uuid = colon < 0 ? "" : trimmed[(colon + 1)..].Trim();
        if (colon < 0 || region.Length == 0 || uuid.Length == 0)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"hckms: '{Echo.Bounded(trimmed)}' is not a HuaweiCloud KMS key id (expected region:key-uuid, e.g. tr-west-1:0d0466b0-e727-4d9c-b35d-f84bb474a37f)");
        }
        if (!RegionPattern().IsMatch(region) || region.Length > 63)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"hckms: the region '{Echo.Bounded(region)}' of key '{Echo.Bounded(trimmed)}' is not a HuaweiCloud region name");
        }
        if (!KeyPattern().IsMatch(uuid))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"hckms: the key '{Echo.Bounded(uuid)}' of '{Echo.Bounded(trimmed)}' is not a KMS key id (letters, digits and dashes)");
        }
        return new HuaweiCloudKeyId(trimmed, region, uuid);
    }
}
