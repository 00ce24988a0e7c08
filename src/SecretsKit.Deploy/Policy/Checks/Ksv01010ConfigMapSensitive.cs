using System.Text.RegularExpressions;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// KSV01010: a ConfigMap holds personal or sensitive data: keys or <c>name: value</c> lines for usernames, emails,
/// keys, phone numbers, hashes or IBANs, e-mail addresses, IBAN- or passport-shaped parts. The finding names the data
/// key, never the value.
/// </summary>
internal sealed partial class Ksv01010ConfigMapSensitive : PolicyCheck
{
    private const string Email = @"([a-zA-Z0-9_\-\.]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?)";
    private const string Iban = @"[^\.](?:\b[A-Z]{2}[0-9]{2} ?[0-9]{4} ?[0-9]{4} ?[0-9]{4} ?[0-9]{4} ?[0-9]{0,2}\b)";

    public override string Id => "KSV01010";

    public override string Title => "ConfigMap with sensitive content";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IReadOnlyCollection<string> Kinds => ["configmap"];

    [GeneratedRegex(@"(?i:(username|email|key|phone|iban)\s*(=|:))|(?i:SHA1|MD5)|" + Email + "|" + Iban)]
    private static partial Regex SensitiveLine();

    [GeneratedRegex(@"(?i:username|email|key|phone|SHA1|MD5|iban)|" + Email + "|" + Iban)]
    private static partial Regex SensitiveKey();

    [GeneratedRegex(Email)]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"([A-Z]{2}[ \-]?[0-9]{2}[ \-]?([A-Z0-9]{3,5}[ \-]?){2,7}[A-Z0-9]{1,3})|^[A-Z0-9<]{3,20}$")]
    private static partial Regex IbanOrPassport();

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Name is null) return [];
        var found = new List<string>();
        foreach (var (key, value) in ConfigMapData.Entries(o))
        {
            var lines = value.Split('\n');
            if (SensitiveKey().IsMatch(key) || lines.Any(l => SensitiveLine().IsMatch(l) && (l.Contains(':', StringComparison.Ordinal) || l.Contains('=', StringComparison.Ordinal))) || SameIndexPart(lines))
            {
                found.Add(key);
            }
        }
        return ConfigMapData.Hits(found, "keep sensitive data out of ConfigMaps");
    }

    /// <summary>trivy-checks compares part i of line i (split at <c>:</c>) with the e-mail and IBAN/passport patterns.</summary>
    private static bool SameIndexPart(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(':');
            if (i < parts.Length && (EmailAddress().IsMatch(parts[i]) || IbanOrPassport().IsMatch(parts[i]))) return true;
        }
        return false;
    }
}
