using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.HuaweiCloud;

/// <summary>A HuaweiCloud KMS key as sops names it: <c>region:key-uuid</c> (e.g. <c>tr-west-1:0d0466b0-…</c>).</summary>
internal sealed record HuaweiCloudKeyId(string Text, string Region, string KeyUuid)
{
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
                $"hckms: '{trimmed}' is not a HuaweiCloud KMS key id (expected region:key-uuid, e.g. tr-west-1:0d0466b0-e727-4d9c-b35d-f84bb474a37f)");
        }
        return new HuaweiCloudKeyId(trimmed, region, uuid);
    }
}
