using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Vault.Auth;

namespace SecretsKit.Cloud.Vault.Http;

/// <summary>Where a <see cref="VaultClient"/> connects and how it authenticates. Build from the environment with <see cref="VaultEnvironment"/>.</summary>
public sealed record VaultClientOptions
{
    /// <summary>The server, <c>scheme://host:port</c> (any path is ignored).</summary>
    public required Uri Address { get; init; }

    /// <summary>How to obtain a token. Required.</summary>
    public required VaultAuthMethod Auth { get; init; }

    /// <summary>Vault Enterprise / OpenBao namespace, sent as <c>X-Vault-Namespace</c>. <value>Default none.</value></summary>
    public string? Namespace { get; init; }

    /// <summary>A PEM file of CA certificates trusted in addition to the system store (<c>VAULT_CACERT</c>).</summary>
    public string? CaCertificateFile { get; init; }

    /// <summary>A directory of PEM CA certificates trusted in addition to the system store (<c>VAULT_CAPATH</c>).</summary>
    public string? CaCertificateDirectory { get; init; }

    /// <summary>PEM CA certificates trusted in addition to the system store (a store's <c>caBundle</c> or <c>caProvider</c>).</summary>
    public string? CaCertificatesPem { get; init; }

    /// <summary>The client certificate presented on every TLS connection (a store's <c>auth.cert</c> or <c>tls</c>), with its key.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Disables TLS verification. Only when explicitly asked for (<c>VAULT_SKIP_VERIFY</c>); warns.</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>Retry and timeout policy. <value>Default <see cref="CloudRetryOptions.Default"/>.</value></summary>
    public CloudRetryOptions Retry { get; init; } = CloudRetryOptions.Default;

    /// <summary>Clock for token lease renewal. <value>Default <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Set when a tenant named the server (a store's <c>server</c>): every request then goes through
    /// <see cref="TenantHttp"/> under this policy (no redirect followed, no proxy, the policy's addresses refused at
    /// connect time, answers read up to <see cref="VaultTls.MaxTenantResponseBytes"/>). <value>Default null: the
    /// operator's own server (<c>VAULT_ADDR</c>, <c>.sops.yaml</c>), reached as the Vault CLI would.</value>
    /// </summary>
    public TenantHostPolicy? TenantHost { get; init; }

    /// <summary>Where warnings go (skip-verify). <value>Default standard error.</value></summary>
    public Action<string> Warn { get; init; } = message => Console.Error.WriteLine("secretskit: warning: " + message);
}
