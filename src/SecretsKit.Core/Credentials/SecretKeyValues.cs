using System.Text.RegularExpressions;

namespace SecretsKit.Core.Credentials;

/// <summary>
/// gitleaks' <c>generic-api-key</c> idea, with SecretsKit's key rule: a value under a key named like a secret
/// (<see cref="SecretKeys"/>) on one line, in any text (YAML, JSON, dotenv, INI, HCL, shell), that looks random: one
/// token of at least 12 characters of a credential's alphabet (letters, digits, <c>_.~+/=!@#%&amp;*?-</c>), holding letters
/// and digits, with a Shannon entropy of 3.5 bits per character or more, and no reference, template, path, URL,
/// placeholder or dotted name (<c>options.ClientSecret</c>: code, not a value). So <c>password: hunter2</c>,
/// <c>api_key: ${API_KEY}</c> and <c>var token = GetToken(ct);</c> pass, <c>client_secret: "8fK2…"</c> does not.
/// </summary>
internal static partial class SecretKeyValues
{
    public const string RuleId = "generic-api-key";

    private const double MinEntropy = 3.5;

    private const int MinLength = 12;

    internal static IEnumerable<CredentialHit> Find(TextLines lines)
    {
        foreach (Match m in KeyValue().Matches(lines.Text))
        {
            var key = m.Groups["key"].Value;
            var value = m.Groups["value"].Value;
            if (SecretKeys.IsSecretName(key) && LooksRandom(value))
            {
                yield return new CredentialHit(RuleId, $"holds a high-entropy value under '{key}'", lines.LineOf(m.Index));
            }
        }
    }

    /// <summary>Random-looking: long enough, of two kinds of characters or more, high entropy, and no reference or placeholder.</summary>
    public static bool LooksRandom(string value)
    {
        if (value.Length < MinLength || SecretKeys.IsReference(value) || CredentialValues.IsPlaceholder(value)) return false;
        if (value[0] is '/' or '.' or '~' || DottedName().IsMatch(value)) return false;
        return value.Any(char.IsAsciiLetter) && value.Any(char.IsAsciiDigit) && CredentialValues.Entropy(value) >= MinEntropy;
    }

    // key (optionally quoted) = or : value (optionally quoted): one whole token of a credential's alphabet, ended by a
    // space, a quote, a separator or the line's end (so not the start of an expression such as Compute(x))
    [GeneratedRegex(@"(?<![A-Za-z0-9_./-])[""']?(?<key>[A-Za-z][A-Za-z0-9_.-]{0,79})[""']?[ \t]{0,10}(?::=|=>|:|=)[ \t]{0,10}[""'`]?(?<value>[A-Za-z0-9_.~+/=!@#%&*?-]{12,512})(?=[\s""'`,;]|$)", RegexOptions.Multiline, 10_000)]
    private static partial Regex KeyValue();

    // a.b.c (code or a configuration path), each part a name
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$", RegexOptions.None, 10_000)]
    private static partial Regex DottedName();
}
