using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Gcp.Keys;

/// <summary>
/// Where Cloud KMS requests go, as sops 3.13 decides it: <c>SOPS_GCP_KMS_ENDPOINT</c> when set, else
/// <c>https://cloudkms.{SOPS_GCP_KMS_UNIVERSE_DOMAIN}</c> when that is set (a sovereign cloud, e.g. <c>s3nsapis.fr</c>),
/// else <c>https://cloudkms.googleapis.com</c>. The universe domain must be a plain DNS name, so a value cannot add a
/// port, a path, credentials or another host to the URL.
/// </summary>
internal static class GcpKmsEndpoint
{
    public const string EndpointVariable = "SOPS_GCP_KMS_ENDPOINT";
    public const string UniverseDomainVariable = "SOPS_GCP_KMS_UNIVERSE_DOMAIN";

    public static Uri Resolve(IEnvironment environment)
    {
        if (environment.Get(EndpointVariable) is { Length: > 0 } endpoint)
        {
            return new Uri((endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "https://" + endpoint).TrimEnd('/') + "/");
        }
        if (environment.Get(UniverseDomainVariable) is { Length: > 0 } domain)
        {
            if (!IsDomainName(domain))
            {
                throw new SecretsKitException(ExitCodes.Generic,
                    $"{UniverseDomainVariable} must be a domain name such as s3nsapis.fr (letters, digits, hyphens and dots)",
                    $"fix {UniverseDomainVariable}, or give the full endpoint with {EndpointVariable}");
            }
            return new Uri($"https://cloudkms.{domain.ToLowerInvariant()}/");
        }
        return new Uri("https://cloudkms.googleapis.com/");
    }

    /// <summary>At least two dot-separated labels of 1-63 ASCII letters, digits and inner hyphens; at most 253 characters.</summary>
    internal static bool IsDomainName(string value)
    {
        if (value.Length > 253) return false;
        var labels = value.Split('.');
        return labels.Length >= 2 && labels.All(IsLabel) && !labels[^1].All(char.IsAsciiDigit);
    }

    private static bool IsLabel(string label) =>
        label.Length is >= 1 and <= 63
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && label[0] != '-' && label[^1] != '-';
}
