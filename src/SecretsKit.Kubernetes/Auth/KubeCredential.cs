using System.Security.Cryptography.X509Certificates;

namespace SecretsKit.Kubernetes.Auth;

/// <summary>A credential: a bearer token, a client certificate (with private key), or both; and when it expires.</summary>
public sealed record KubeCredential(string? BearerToken, X509Certificate2? ClientCertificate = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() =>
        $"KubeCredential(token: {(BearerToken is null ? "none" : "[redacted]")}, client certificate: {ClientCertificate?.Subject ?? "none"}, expires: {ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"})";
}
