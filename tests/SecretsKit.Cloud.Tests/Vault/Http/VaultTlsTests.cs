using SecretsKit.Cloud.Tests.Vault;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Vault.Http;

public sealed class VaultTlsTests : IDisposable
{
    private readonly VaultTestEnvironment _env = new();

    /// <summary>A private CA and a server certificate for 127.0.0.1 signed by it.</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Server) CreateCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SecretsKit Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca, server);
    }

    private static async Task<(FakeVaultServer Vault, X509Certificate2 Ca)> StartTlsVaultAsync()
    {
        var (ca, server) = CreateCertificates();
        var vault = await FakeVaultServer.StartAsync(tlsCertificate: server);
        vault.Kv2Put("secret", "app", new Dictionary<string, string> { ["k"] = "v" });
        return (vault, ca);
    }

    private static async Task<byte[]> ReadAsync(VaultClientOptions options, List<Cloud.Http.CloudRetryEvent>? retries = null)
    {
        using var client = new VaultClient(options with { Retry = VaultTestEnvironment.FastRetry(e => retries?.Add(e)) });
        return (await new VaultKvStore(client).GetSecretAsync(new SecretRef("app", "k"))).Value;
    }

    [Fact]
    public async Task Server_signed_by_a_private_CA_is_rejected_without_VAULT_CACERT()
    {
        var (vault, ca) = await StartTlsVaultAsync();
        await using var _ = vault;
        using var __ = ca;
        var options = VaultEnvironment.CreateOptions(_env.Environment(("VAULT_TOKEN", vault.RootToken)), vault.BaseAddress);
        var retries = new List<Cloud.Http.CloudRetryEvent>();

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => ReadAsync(options, retries));

        Assert.Null(ex.StatusCode);
        Assert.Equal(0, vault.TotalCalls);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task VAULT_CACERT_adds_the_private_CA_to_the_trusted_roots()
    {
        var (vault, ca) = await StartTlsVaultAsync();
        await using var _ = vault;
        using var __ = ca;
        var caFile = _env.WriteFile("ca.pem", ca.ExportCertificatePem());
        var options = VaultEnvironment.CreateOptions(_env.Environment(("VAULT_TOKEN", vault.RootToken), ("VAULT_CACERT", caFile)), vault.BaseAddress);

        Assert.Equal("v"u8.ToArray(), await ReadAsync(options));
    }

    [Fact]
    public async Task VAULT_CAPATH_directory_of_pem_files_is_trusted()
    {
        var (vault, ca) = await StartTlsVaultAsync();
        await using var _ = vault;
        using var __ = ca;
        var dir = Path.Combine(_env.Home, "cas");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "ca.pem"), ca.ExportCertificatePem());
        var options = VaultEnvironment.CreateOptions(_env.Environment(("VAULT_TOKEN", vault.RootToken), ("VAULT_CAPATH", dir)), vault.BaseAddress);

        Assert.Equal("v"u8.ToArray(), await ReadAsync(options));
    }

    [Fact]
    public async Task A_different_CA_does_not_make_the_server_trusted()
    {
        var (vault, ca) = await StartTlsVaultAsync();
        await using var _ = vault;
        using var __ = ca;
        var (otherCa, otherServer) = CreateCertificates();
        using var ___ = otherCa;
        otherServer.Dispose();
        var caFile = _env.WriteFile("other.pem", otherCa.ExportCertificatePem());
        var options = VaultEnvironment.CreateOptions(_env.Environment(("VAULT_TOKEN", vault.RootToken), ("VAULT_CACERT", caFile)), vault.BaseAddress);

        await Assert.ThrowsAsync<VaultRequestException>(() => ReadAsync(options));
    }

    [Fact]
    public async Task VAULT_SKIP_VERIFY_accepts_the_server_and_warns()
    {
        var (vault, ca) = await StartTlsVaultAsync();
        await using var _ = vault;
        using var __ = ca;
        var warnings = new List<string>();
        var options = VaultEnvironment.CreateOptions(_env.Environment(("VAULT_TOKEN", vault.RootToken), ("VAULT_SKIP_VERIFY", "true")), vault.BaseAddress)
            with { Warn = warnings.Add };

        Assert.Equal("v"u8.ToArray(), await ReadAsync(options));
        Assert.Contains(warnings, w => w.Contains("verification is disabled", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_default_to_VAULT_ADDR_and_read_the_namespace()
    {
        var options = VaultEnvironment.CreateOptions(_env.Environment(("VAULT_TOKEN", "t"), ("VAULT_ADDR", "https://vault.internal:8200"), ("VAULT_NAMESPACE", "ns")));

        Assert.Equal(new Uri("https://vault.internal:8200"), options.Address);
        Assert.Equal("ns", options.Namespace);
        Assert.False(options.SkipTlsVerify);
    }

    [Fact]
    public void Missing_token_is_an_actionable_error()
    {
        var ex = Assert.Throws<Core.Errors.SecretsKitException>(() => VaultEnvironment.CreateOptions(_env.Environment(), new Uri("https://v:8200")));

        Assert.Contains("no token for https://v:8200", ex.Message, StringComparison.Ordinal);
        Assert.Contains("VAULT_TOKEN", ex.Hint, StringComparison.Ordinal);
    }

    public void Dispose() => _env.Dispose();
}
