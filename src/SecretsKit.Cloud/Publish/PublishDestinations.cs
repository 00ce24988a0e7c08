using SecretsKit.Cloud.Http;
using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Publish;

/// <summary>Builds the destination of a <c>.sops.yaml</c> destination rule; as sops, a rule names exactly one.</summary>
public static class PublishDestinations
{
    public static PublishDestination FromRule(DestinationRule rule, IEnvironment environment, TimeProvider time, CloudKeyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var count = new[] { rule.S3Bucket, rule.GcsBucket, rule.VaultPath }.Count(v => v is not null);
        if (count > 1)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"destination_rules[{rule.Index}]: more than one destination (s3_bucket, gcs_bucket, vault_path) in a single rule; use one per rule");
        }
        if (rule.S3Bucket is { } s3) return new S3Destination(s3, rule.S3Prefix, environment, time);
        if (rule.GcsBucket is { } gcs) return new GcsDestination(gcs, rule.GcsPrefix, environment, options, time);
        if (rule.VaultPath is { } vault) return new VaultDestination(rule.VaultAddress, vault, rule.VaultKvMountName, rule.VaultKvVersion, environment);
        throw new SecretsKitException(ExitCodes.Generic, "no destination configured for this file",
            $"destination_rules[{rule.Index}] sets none of s3_bucket, gcs_bucket, vault_path");
    }
}
