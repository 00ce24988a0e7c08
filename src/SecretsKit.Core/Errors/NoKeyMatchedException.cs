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

    /// <summary>Characters of one attempt's reason kept (a reason names a key and a service's answer; never this long).</summary>
    private const int ReasonChars = 300;

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
            // a file may hold a thousand stanzas: the first ones are shown, each bounded, and a count of the rest
            foreach (var a in inGroup.Take(Echo.MaxItems))
            {
                sb.Append('\n').Append(CultureInfo.InvariantCulture, $"    {Echo.Bounded(a.KeyType)} {Echo.Bounded(a.Identifier)}: {Echo.Bounded(a.Reason, ReasonChars)}");
            }
            if (inGroup.Count > Echo.MaxItems)
            {
                sb.Append('\n').Append(CultureInfo.InvariantCulture, $"    and {inGroup.Count - Echo.MaxItems:N0} more keys, which failed too");
            }
        }
        return sb.ToString();
    }
}
