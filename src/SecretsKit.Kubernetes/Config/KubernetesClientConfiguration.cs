using System.Security.Cryptography.X509Certificates;
using SecretsKit.Kubernetes.Auth;

namespace SecretsKit.Kubernetes.Config;

/// <summary>Everything needed to reach one API server: URL, TLS trust, client identity, credentials and the default namespace.</summary>
public sealed class KubernetesClientConfiguration
{
    public required Uri Server { get; init; }

    /// <summary>The namespace used when a call passes none (context namespace, the service account's, or <c>default</c>).</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Trusted roots for the server certificate; null means the system store.</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    /// <summary>Skip server certificate validation. Only ever true when the kubeconfig says so.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Overrides the name checked against the server certificate.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>A static client certificate with its key (kubeconfig client-certificate/-key).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer token / exec source; null for none.</summary>
    public KubeCredentialSource? Credentials { get; init; }

    /// <summary>Timeout for ordinary (non-watch) requests.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public override string ToString() => $"KubernetesClientConfiguration({Server}, namespace {Namespace})";
}
