using System.Text.RegularExpressions;

namespace SecretsKit.Core.Credentials;

/// <summary>
/// One well-known credential format: its rule ID (gitleaks' where gitleaks has the rule, else trivy's), the words a
/// finding uses for it, the pattern (a named group <c>secret</c>, when there is one, is the credential itself) and the
/// checks a match must pass: a least Shannon entropy of the credential (placeholders such as <c>ghp_xxxx…</c> fail it)
/// and an optional test of the match in its text.
/// </summary>
public sealed record CredentialShape(string Id, string Name, Regex Pattern, double MinEntropy = 0, Func<string, Match, bool>? Check = null)
{
    /// <summary>The credential a match holds: the <c>secret</c> group when the pattern has one, else the whole match.</summary>
    public static string Secret(Match match) => match.Groups["secret"] is { Success: true } g ? g.Value : match.Value;

    /// <summary>The matches in <paramref name="text"/> that pass the checks.</summary>
    public IEnumerable<Match> Matches(string text)
    {
        foreach (Match m in Pattern.Matches(text))
        {
            var secret = Secret(m);
            if (CredentialValues.Entropy(secret) >= MinEntropy && !CredentialValues.IsPlaceholder(secret) && (Check?.Invoke(text, m) ?? true)) yield return m;
        }
    }
}
