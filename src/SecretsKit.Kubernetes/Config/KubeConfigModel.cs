using SecretsKit.Kubernetes.Auth;

namespace SecretsKit.Kubernetes.Config;

/// <summary>A parsed kubeconfig (one file, or several merged): clusters, users and contexts by name, and the current context.</summary>
public sealed record KubeConfigModel(
    IReadOnlyDictionary<string, KubeConfigCluster> Clusters,
    IReadOnlyDictionary<string, KubeConfigUser> Users,
    IReadOnlyDictionary<string, KubeConfigContext> Contexts,
    string? CurrentContext);

/// <summary>A <c>clusters[].cluster</c> entry; file paths are already resolved against the kubeconfig's directory.</summary>
public sealed record KubeConfigCluster(
    string Name,
    string Server,
    string? CertificateAuthority,
    string? CertificateAuthorityData,
    bool InsecureSkipTlsVerify,
    string? TlsServerName);

/// <summary>A <c>users[].user</c> entry. Token values are held but never printed.</summary>
public sealed record KubeConfigUser(
    string Name,
    string? Token,
    string? TokenFile,
    string? ClientCertificate,
    string? ClientCertificateData,
    string? ClientKey,
    string? ClientKeyData,
    KubeConfigExec? Exec)
{
    public override string ToString() => $"KubeConfigUser({Name})";
}

/// <summary>A <c>contexts[].context</c> entry.</summary>
public sealed record KubeConfigContext(string Name, string Cluster, string User, string? Namespace);
