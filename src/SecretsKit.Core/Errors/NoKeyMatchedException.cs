using System.Globalization;
using System.Text;

namespace SecretsKit.Core.Errors;

/// <summary>No key group (or too few for the Shamir threshold) yielded the data key (exit 128). Lists every attempt.</summary>
public sealed class NoKeyMatchedException : SecretsKitException
{
    public NoKeyMatchedException(IReadOnlyList<KeyAttempt> attempts, int groupCount, int threshold, int succeeded)
        : base(ExitCodes.CouldNotRetrieveKey, Format(attempts, groupCount, threshold, succeeded),
            "check SOPS_AGE_KEY_FILE / SOPS_AGE_KEY, GNUPGHOME, or the cloud credentials of the keys listed")
    {
        Attempts = attempts;
    }

    public IReadOnlyList<KeyAttempt> Attempts { get; }

    private static string Format(IReadOnlyList<KeyAttempt> attempts, int groupCount, int threshold, int succeeded)
    {
        var sb = new StringBuilder("failed to get the data key required to decrypt the file");
        if (groupCount > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({succeeded} of {groupCount} key groups decrypted, {threshold} required)");
        }
        for (var g = 0; g < groupCount; g++)
        {
            var inGroup = attempts.Where(a => a.Group == g).ToList();
            if (inGroup.Count == 0) continue;
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"  group {g}: FAILED");
            foreach (var a in inGroup)
            {
                sb.Append('\n').Append(CultureInfo.InvariantCulture, $"    {a.KeyType} {a.Identifier}: {a.Reason}");
            }
        }
        return sb.ToString();
    }
}
