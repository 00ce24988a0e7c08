using System.Text.RegularExpressions;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// KSV0109: a ConfigMap holds credentials: a key named like one (password, secret, token, …), or a value with a
/// <c>name: value</c> / <c>name=value</c> line for such a name whose value is set and not an interpolation
/// (<c>${</c>, <c>$(</c>, <c>{{</c>). The finding names the data key, never the value.
/// </summary>
internal sealed partial class Ksv109ConfigMapSecrets : PolicyCheck
{
    public override string Id => "KSV0109";

    public override string Title => "ConfigMap with secrets";

    public override PolicySeverity Severity => PolicySeverity.High;

    public override IReadOnlyCollection<string> Kinds => ["configmap"];

    [GeneratedRegex(@"(?i)(password|pass|pword|passphrase|passwrd|passwd|secret|secretkey|appSecret|clientSecret|aws_access_key_id|pswrd|token|pwd)\s*")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"(?i)(password|pass|pword|passphrase|passwrd|passwd|secret|secretkey|appSecret|clientSecret|aws_access_key_id|pswrd|token|pwd)\s*(=|:)")]
    private static partial Regex SecretLine();

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Name is null) return [];
        var found = new List<string>();
        foreach (var (key, value) in ConfigMapData.Entries(o))
        {
            if (SecretKey().IsMatch(key) || value.Split('\n').Any(line => SecretLine().IsMatch(line) && Assigns(line))) found.Add(key);
        }
        return ConfigMapData.Hits(found, "keep credentials in a Secret, not a ConfigMap");
    }

    /// <summary>A line split at <c>:</c> or <c>=</c> whose second part is set and not an interpolation.</summary>
    private static bool Assigns(string line) => ((char[])[':', '=']).Any(d =>
    {
        var parts = line.Split(d);
        if (parts.Length < 2 || parts[1].Length == 0) return false;
        var raw = parts[1].StartsWith('"') ? parts[1][1..] : parts[1];
        return !(raw.StartsWith("${", StringComparison.Ordinal) || raw.StartsWith("$(", StringComparison.Ordinal) || raw.StartsWith("{{", StringComparison.Ordinal));
    });
}
