using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Tls;

namespace SecretsKit.Agent.Tests.TenantHosts;

/// <summary>
/// One run of a <see cref="TenantHostRow"/>: the host its spec names (a <see cref="HostileHttpServer"/>, or the instance
/// metadata address when there is none), the agent's provider options, the test CA (for rows whose spec takes only
/// https), and whatever else the row started for it (the Entra ID fake).
/// </summary>
internal sealed class TenantHostCase(TestCertificateAuthority ca, HostileHttpServer? hostile) : IAsyncDisposable
{
    /// <summary>The namespace of every row's objects; its ExternalSecret is <c>es</c>.</summary>
    public const string Namespace = "team-a";

    public TestCertificateAuthority Ca { get; } = ca;

    /// <summary>The hostile server the spec names, or null: the spec names the instance metadata address.</summary>
    public HostileHttpServer? Hostile { get; } = hostile;

    /// <summary>The agent's provider options; retries off, so one pass shows one attempt.</summary>
    public ProviderOptions Options { get; set; } = new() { Retry = new CloudRetryOptions { MaxRetries = 0 } };

    /// <summary>Fakes a row started, disposed with the case.</summary>
    public List<IAsyncDisposable> Owned { get; } = [];

    /// <summary>The hostile server's base URL (no trailing slash), or <paramref name="metadata"/>.</summary>
    public string Url(string metadata = "http://169.254.169.254/latest") => Hostile?.BaseAddress.AbsoluteUri.TrimEnd('/') ?? metadata;

    /// <summary>The test CA as a PEM bundle, base64 (a spec's <c>caBundle</c>).</summary>
    public string CaBundle => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Ca.Certificate.ExportCertificatePem()));

    /// <summary>TLS that trusts only the test CA.</summary>
    public SslClientAuthenticationOptions TrustingTls()
    {
        var roots = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(Ca.Certificate.RawData));
        return new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => CustomRootTrust.Validate(roots, certificate, errors) };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Owned) await owned.DisposeAsync();
    }
}
