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

    /// <summary>
    /// Characters of the whole list of attempts: a file may hold a thousand stanzas in many groups, and each line is up to
    /// about 470 characters, so the lines are shown in order while they fit and the rest are counted.
    /// </summary>
    private const int ListChars = 1_700;

    private static string Format(IReadOnlyList<KeyAttempt> attempts, int groupCount, int threshold, int succeeded)
    {
        var sb = new StringBuilder("failed to get the data key required to decrypt the file");
        if (groupCount > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({succeeded} of {groupCount} key groups decrypted, {threshold} required)");
        }
        var budget = sb.Length + ListChars;
        var full = false;
        var unlisted = 0;
        var unlistedGroups = 0;
        for (var g = 0; g < groupCount; g++)
        {
            var inGroup = attempts.Where(a => a.Group == g).ToList();
            if (inGroup.Count == 0) continue;
            var header = $"\n  group {g.ToString(CultureInfo.InvariantCulture)}: FAILED";
            full |= sb.Length + header.Length > budget;
            if (full)
            {
                unlisted += inGroup.Count;
                unlistedGroups++;
                continue;
            }
            sb.Append(header);
            // the first ones are shown, each bounded, while the list fits its budget; a count of the group's rest
            var shown = 0;
            foreach (var a in inGroup.Take(Echo.MaxItems))
            {
                var line = $"\n    {Echo.Bounded(a.KeyType)} {Echo.Bounded(a.Identifier)}: {Echo.Bounded(a.Reason, ReasonChars)}";
                full |= sb.Length + line.Length > budget;
                if (full) break;
                sb.Append(line);
                shown++;
            }
            if (inGroup.Count > shown)
            {
                sb.Append('\n').Append(CultureInfo.InvariantCulture, $"    and {inGroup.Count - shown:N0} more keys, which failed too");
            }
        }
        if (unlistedGroups > 0)
        {
            sb.Append('\n').Append(CultureInfo.InvariantCulture, $"  and {unlistedGroups:N0} more groups ({unlisted:N0} keys), which failed too");
        }
        return sb.ToString();
    }
}
