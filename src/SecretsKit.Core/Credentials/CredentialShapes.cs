using System.Text.RegularExpressions;

namespace SecretsKit.Core.Credentials;

/// <summary>
/// Well-known credential formats, by the prefixes and lengths their issuers document, with gitleaks' rule IDs (trivy's
/// where gitleaks has none): PEM private key blocks, AWS access key IDs and secret access keys, GCP service-account
/// keys and API keys, Azure storage account keys and Entra ID client secrets, GitHub, GitLab, Slack, Stripe, npm and
/// PyPI tokens, Slack webhooks and JSON Web Tokens. The one home of these shapes: <c>secretskit scan</c> looks for them
/// in every file, the policy check SK-PLAINTEXT-003 in rendered ConfigMaps and annotations. Every pattern is anchored
/// on a literal prefix or key with bounded repeats, so a hostile string costs linear time.
/// </summary>
public static partial class CredentialShapes
{
    /// <summary>A backstop only (every pattern is linear): generous, so a loaded machine never turns a search into a finding.</summary>
    private const int TimeoutMs = 10_000;

    /// <summary>The private-key shape: a PEM <c>BEGIN … PRIVATE KEY</c> line (the scan proves keys with <c>PrivateKeyFinder</c> instead).</summary>
    public const string PrivateKeyId = "private-key";

    public static IReadOnlyList<CredentialShape> All { get; } =
    [
        new(PrivateKeyId, "a private key block", PrivateKey()),
        new("aws-access-token", "an AWS access key ID", AwsAccessKey(), 3),
        new("aws-secret-access-key", "an AWS secret access key", AwsSecretKey(), 4),
        new("gcp-service-account", "a Google Cloud service-account key", GcpServiceAccount(), Check: HoldsPrivateKey),
        new("github-pat", "a GitHub token", GithubPat(), 3),
        new("github-oauth", "a GitHub token", GithubOauth(), 3),
        new("github-app-token", "a GitHub token", GithubAppToken(), 3),
        new("github-refresh-token", "a GitHub token", GithubRefreshToken(), 3),
        new("github-fine-grained-pat", "a GitHub token", GithubFineGrained(), 3),
        new("gitlab-pat", "a GitLab personal access token", GitlabToken(), 3),
        new("slack-access-token", "a Slack token", SlackToken(), 2),
        new("slack-webhook-url", "a Slack webhook URL", SlackWebhook()),
        new("gcp-api-key", "a Google API key", GoogleApiKey(), 3),
        new("stripe-access-token", "a Stripe live secret key", StripeKey(), 2),
        new("npm-access-token", "an npm access token", NpmToken(), 2),
        new("pypi-upload-token", "a PyPI upload token", PypiToken(), 3),
        new("azure-storage-account-key", "an Azure storage account key", AzureStorageKey(), 4),
        new("azure-ad-client-secret", "an Azure Entra ID client secret", AzureClientSecret(), 3),
        new("jwt", "a JSON Web Token", JsonWebToken(), 3, (_, m) => JsonWebTokens.HasJsonParts(m.Value)),
    ];

    /// <summary>The name of the first shape <paramref name="text"/> holds, or null.</summary>
    public static string? Find(string text)
    {
        foreach (var shape in All)
        {
            if (shape.Matches(text).Any()) return shape.Name;
        }
        return null;
    }

    /// <summary>A service-account key file holds its key: <c>"private_key": "-----BEGIN …</c>, not only the type.</summary>
    private static bool HoldsPrivateKey(string text, Match match) => ServiceAccountKey().IsMatch(text);

    [GeneratedRegex(@"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----", RegexOptions.None, TimeoutMs)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])", RegexOptions.None, TimeoutMs)]
    private static partial Regex AwsAccessKey();

    // trivy's aws-secret-access-key: a key named aws_secret_access_key (or a shorter spelling of it) and 40 characters
    [GeneratedRegex(@"(?i)aws_?(?:sec(?:ret)?)?_?(?:access)?_?key[""']?\s{0,10}(?::|=>|=)\s{0,10}[""']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])", RegexOptions.None, TimeoutMs)]
    private static partial Regex AwsSecretKey();

    [GeneratedRegex(@"""type""\s{0,10}:\s{0,10}""service_account""", RegexOptions.None, TimeoutMs)]
    private static partial Regex GcpServiceAccount();

    [GeneratedRegex(@"""private_key""\s{0,10}:\s{0,10}""-----BEGIN", RegexOptions.None, TimeoutMs)]
    private static partial Regex ServiceAccountKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GithubPat();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])gho_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GithubOauth();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:ghu_[A-Za-z0-9]{36}|ghs_[A-Za-z0-9]{36})(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GithubAppToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])ghr_[A-Za-z0-9]{36,76}(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GithubRefreshToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GithubFineGrained();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GitlabToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])xox[abeprs]-(?:[0-9]{10,13}-){1,3}[A-Za-z0-9-]{10,64}", RegexOptions.None, TimeoutMs)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9_]{6,12}/[AB][A-Z0-9_]{6,12}/[A-Za-z0-9_]{16,32}", RegexOptions.None, TimeoutMs)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])", RegexOptions.None, TimeoutMs)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])[rs]k_live_[A-Za-z0-9]{24,99}(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", RegexOptions.None, TimeoutMs)]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}", RegexOptions.None, TimeoutMs)]
    private static partial Regex PypiToken();

    [GeneratedRegex(@"(?i)AccountKey\s{0,10}=\s{0,10}(?<secret>[A-Za-z0-9+/]{86}==)", RegexOptions.None, TimeoutMs)]
    private static partial Regex AzureStorageKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])", RegexOptions.None, TimeoutMs)]
    private static partial Regex AzureClientSecret();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,65536}\.[A-Za-z0-9_-]{16,4096}(?![A-Za-z0-9_-])", RegexOptions.None, TimeoutMs)]
    private static partial Regex JsonWebToken();
}
