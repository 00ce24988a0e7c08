using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// Well-known credential formats, by the prefixes and lengths their issuers document: PEM private key blocks, AWS access
/// key IDs, GitHub, GitLab and Slack tokens, Slack webhooks, Google API keys, Stripe live keys and JSON Web Tokens.
/// Every pattern is anchored on a literal prefix with bounded repeats, so a hostile string costs linear time.
/// </summary>
internal static partial class CredentialShapes
{
    private const int TimeoutMs = 1000;

    public static IReadOnlyList<(string Name, Regex Pattern)> All { get; } =
    [
        ("a private key block", PrivateKey()),
        ("an AWS access key ID", AwsAccessKey()),
        ("a GitHub token", GithubToken()),
        ("a GitLab personal access token", GitlabToken()),
        ("a Slack token", SlackToken()),
        ("a Slack webhook URL", SlackWebhook()),
        ("a Google API key", GoogleApiKey()),
        ("a Stripe live secret key", StripeKey()),
        ("a JSON Web Token", JsonWebToken()),
    ];

    /// <summary>The name of the first shape <paramref name="text"/> holds, or null.</summary>
    public static string? Find(string text)
    {
        foreach (var (name, pattern) in All)
        {
            if (pattern.IsMatch(text)) return name;
        }
        return null;
    }

    [GeneratedRegex(@"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----", RegexOptions.None, TimeoutMs)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])", RegexOptions.None, TimeoutMs)]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GithubToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GitlabToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])xox[abprs]-(?:[0-9]{10,13}-){1,2}[A-Za-z0-9-]{10,64}", RegexOptions.None, TimeoutMs)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9_]{6,12}/[AB][A-Z0-9_]{6,12}/[A-Za-z0-9_]{16,32}", RegexOptions.None, TimeoutMs)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])[rs]k_live_[A-Za-z0-9]{24,99}(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,65536}\.[A-Za-z0-9_-]{16,4096}(?![A-Za-z0-9_-])", RegexOptions.None, TimeoutMs)]
    private static partial Regex JsonWebToken();
}
