using System.Security.Cryptography.X509Certificates;

namespace SecretsKit.Kubernetes.Auth;

/// <summary>Supplies the credential for each request (bearer token and/or client certificate), refreshing as needed.</summary>
public abstract class KubeCredentialSource
{
    public abstract ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken);

    /// <summary>Called after a 401: the next <see cref="GetAsync"/> must not serve the cached credential.</summary>
    public virtual void Invalidate()
    {
    }
}

/// <summary>A credential: a bearer token, a client certificate (with private key), or both; and when it expires.</summary>
public sealed record KubeCredential(string? BearerToken, X509Certificate2? ClientCertificate = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() =>
        $"KubeCredential(token: {(BearerToken is null ? "none" : "[redacted]")}, client certificate: {ClientCertificate?.Subject ?? "none"}, expires: {ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"})";
}

/// <summary>A fixed bearer token (kubeconfig <c>token</c>).</summary>
public sealed class StaticTokenCredentialSource(string token) : KubeCredentialSource
{
    private readonly KubeCredential _credential = new(token);

    public override ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credential);
}
