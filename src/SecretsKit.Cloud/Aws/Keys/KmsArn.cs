using System.Text.RegularExpressions;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Aws.Keys;

/// <summary>Parses a KMS key ARN (or <c>arn+roleArn</c>) and extracts its region, as sops does.</summary>
internal static partial class KmsArn
{
    [GeneratedRegex(@"^arn:aws[\w-]*:kms:(.+):[0-9]+:(key|alias)/.+$")]
    private static partial Regex ArnPattern();

    /// <summary>The region of a KMS ARN, e.g. <c>eu-west-3</c>.</summary>
    public static string Region(string arn)
    {
        var match = ArnPattern().Match(arn);
        if (!match.Success)
        {
            // reached from a key's metadata entry too, inside a key operation: typed, so KeyFailure words it once
            throw new ProviderException("kms", ExitCodes.Generic,
                $"'{Echo.Bounded(arn)}' is not a KMS key ARN (expected arn:aws:kms:<region>:<account>:key/<id> or alias/<name>)");
        }
        return match.Groups[1].Value;
    }

    public static bool IsValid(string arn) => ArnPattern().IsMatch(arn);

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex RegionPattern();

    /// <summary>
    /// Why the region of a valid ARN cannot be one (it becomes a host name, <c>kms.&lt;region&gt;.amazonaws.com</c>, so it
    /// must be one DNS label), or null. Checked for every ARN, from a flag, <c>.sops.yaml</c> or a file alike.
    /// </summary>
    public static string? RegionProblem(string arn)
    {
        var region = ArnPattern().Match(arn) is { Success: true } m ? m.Groups[1].Value : null;
        return region is null || RegionPattern().IsMatch(region)
            ? null
            : $"kms: the region '{Echo.Bounded(region)}' of key '{Echo.Bounded(arn)}' is not a region name (letters, digits and dashes, e.g. eu-west-3)";
    }

    /// <summary>Splits sops' <c>arn+roleArn</c> syntax; spaces are removed like sops does.</summary>
    public static (string Arn, string Role) SplitRole(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        var plus = compact.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (compact, "") : (compact[..plus], compact[(plus + 1)..]);
    }
}
