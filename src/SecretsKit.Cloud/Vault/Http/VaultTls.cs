using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Vault.Http;

/// <summary>
/// Builds the transport for a Vault client. Extra CAs (<c>VAULT_CACERT</c>/<c>VAULT_CAPATH</c>, a store's CA bundle) are
/// trusted on top of the system store through a validation callback; verification is never switched off unless
/// skip-verify is set. A server a tenant named goes through <see cref="TenantHttp"/> (<see cref="VaultClientOptions.TenantHost"/>).
/// </summary>
internal static class VaultTls
{
    /// <summary>The answer budget for a tenant-named server: a KV read or list, a login, a dynamic secret.</summary>
    public const int MaxTenantResponseBytes = 16 << 20;

    public static HttpMessageHandler CreateHandler(VaultClientOptions options)
    {
        var tls = ClientOptions(options);
        if (options.TenantHost is { } policy) return TenantHttp.CreateHandler(policy, MaxTenantResponseBytes, tls);
        return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), SslOptions = tls };
    }

    /// <summary>The TLS settings: the client certificate, and the server's validation (skip-verify, or the extra CAs).</summary>
    private static SslClientAuthenticationOptions ClientOptions(VaultClientOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if (options.ClientCertificate is { } client) tls.ClientCertificates = [client];
        if (options.SkipTlsVerify)
        {
            options.Warn($"TLS certificate verification is disabled for Vault at {options.Address} (VAULT_SKIP_VERIFY)");
#pragma warning disable CA5359 // the user's explicit VAULT_SKIP_VERIFY, as vault and sops honour it; warned about above
            tls.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
            return tls;
        }
        var extra = LoadCertificates(options);
        if (extra.Count > 0)
        {
            tls.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors, extra);
        }
        return tls;
    }

    internal static bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection extra)
    {
        if (errors == SslPolicyErrors.None) return true;
        // Name mismatches and missing certificates are never forgiven; only an untrusted chain is re-checked.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(extra);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    private static X509Certificate2Collection LoadCertificates(VaultClientOptions options)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            if (!string.IsNullOrEmpty(options.CaCertificateFile))
            {
                collection.ImportFromPemFile(options.CaCertificateFile);
            }
            if (!string.IsNullOrEmpty(options.CaCertificatesPem))
            {
                collection.ImportFromPem(options.CaCertificatesPem);
                if (collection.Count == 0) throw new System.Security.Cryptography.CryptographicException("no PEM certificate in the store's CA bundle");
            }
            if (!string.IsNullOrEmpty(options.CaCertificateDirectory))
            {
                foreach (var file in Directory.EnumerateFiles(options.CaCertificateDirectory).Order(StringComparer.Ordinal))
                {
                    collection.ImportFromPemFile(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"vault: cannot load CA certificates from '{options.CaCertificateFile ?? options.CaCertificateDirectory ?? "caBundle/caProvider"}': {ex.Message}",
                "VAULT_CACERT must be a PEM file, VAULT_CAPATH a directory of PEM files, and a store's caBundle/caProvider PEM certificates", ex);
        }
        return collection;
    }
}
