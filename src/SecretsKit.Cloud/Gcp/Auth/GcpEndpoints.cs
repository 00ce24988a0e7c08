namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// Where the Google token exchanges go: Security Token Service (<c>https://sts.UNIVERSE/v1/token</c>), IAM Service
/// Account Credentials (<c>https://iamcredentials.UNIVERSE/v1/</c>) and OAuth 2.0 (<c>https://oauth2.UNIVERSE/token</c>,
/// where a service account key's JWT is exchanged) of a universe domain (<c>googleapis.com</c>, or the SDKs'
/// <c>GOOGLE_CLOUD_UNIVERSE_DOMAIN</c> for sovereign clouds), each overridable (private endpoints, tests).
/// </summary>
public sealed record GcpEndpoints
{
    public const string DefaultUniverseDomain = "googleapis.com";

    /// <summary>The universe domain; a plain DNS name.</summary>
    public string UniverseDomain { get; init; } = DefaultUniverseDomain;

    /// <summary>Base of the STS API (its <c>v1/token</c> is used); null = <c>https://sts.UNIVERSE/</c>.</summary>
    public Uri? Sts { get; init; }

    /// <summary>Base of the IAM Credentials API; null = <c>https://iamcredentials.UNIVERSE/</c>.</summary>
    public Uri? IamCredentials { get; init; }

    /// <summary>The OAuth 2.0 token endpoint; null = <c>https://oauth2.UNIVERSE/token</c>.</summary>
    public Uri? OAuth2Token { get; init; }

    /// <summary>
    /// Hosts (as a URL writes them, e.g. <c>127.0.0.1</c>) a namespaced SecretStore's credConfig <c>credential_source.url</c>
    /// may name although they are loopback, link-local or metadata hosts (<c>GCP_EXTERNAL_TOKEN_HOSTS</c>); empty = none.
    /// </summary>
    public IReadOnlyList<string> ExternalTokenHosts { get; init; } = [];

    public Uri StsTokenUri => new(Sts ?? new Uri($"https://sts.{UniverseDomain}/"), "v1/token");

    public Uri IamCredentialsBase => IamCredentials ?? new Uri($"https://iamcredentials.{UniverseDomain}/");

    public Uri OAuth2TokenUri => OAuth2Token ?? new Uri($"https://oauth2.{UniverseDomain}/token");

    /// <summary>
    /// Whether a key file's <c>token_uri</c> names this token endpoint (or, in the public universe, one of Google's older
    /// token URLs still found in keys): a key read from a tenant's Secret never picks the host its signed JWT goes to.
    /// </summary>
    public bool IsTokenUri(string tokenUri) =>
        Uri.TryCreate(tokenUri, UriKind.Absolute, out var uri)
        && (uri == OAuth2TokenUri
            || (OAuth2Token is null && UniverseDomain == DefaultUniverseDomain
                && uri.AbsoluteUri is "https://accounts.google.com/o/oauth2/token" or "https://www.googleapis.com/oauth2/v4/token"));

    /// <summary>
    /// A universe domain as the environment gives it: DNS labels of letters, digits and hyphens, so that no value can
    /// add a port, path or user part to the hosts built from it.
    /// </summary>
    public static bool IsValidUniverseDomain(string text) =>
        text.Length is > 0 and <= 253
        && text.Split('.') is { Length: >= 2 } labels
        && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
}
