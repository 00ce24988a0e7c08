using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Tls;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>A Vault behind a private CA (<c>caBundle</c>, <c>caProvider</c>) and cert auth with a client certificate from a Secret, over real TLS.</summary>
public sealed class VaultTlsAuthTests : IAsyncLifetime
{
    private static readonly CloudRetryOptions FastRetry = new() { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("Private Vault CA");
    private X509Certificate2 _serverCertificate = null!;
    private FakeVaultServer _vault = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _c = await StartAsync(providerOptions: new ProviderOptions { Retry = FastRetry });
        _c.Namespace("team-a");
        _serverCertificate = _ca.IssueServerCertificate();
        _vault = await FakeVaultServer.StartAsync(_c.Time, _serverCertificate, acceptClientCertificates: true);
        _vault.Kv2Put("secret", "db", new Dictionary<string, string> { ["password"] = "behind-a-private-ca" });
        _c.Secret("team-a", "vault-token", new Dictionary<string, string> { ["token"] = _vault.RootToken });
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _vault.DisposeAsync();
        _serverCertificate.Dispose();
        _ca.Dispose();
    }

    private JsonObject Vault(JsonObject auth, Action<JsonObject>? more = null)
    {
        var vault = new JsonObject { ["server"] = _vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2", ["auth"] = auth };
        more?.Invoke(vault);
        return new JsonObject { ["vault"] = vault };
    }

    private static JsonObject TokenAuth() => new() { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } };

    [Fact]
    public async Task CaBundle_makes_a_vault_behind_a_private_ca_trusted_and_without_it_tls_fails()
    {
        Assert.StartsWith("https://", _vault.BaseAddress.ToString(), StringComparison.Ordinal);
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(_ca.Certificate.ExportCertificatePem()));
        _c.Store("team-a", "trusted", Vault(TokenAuth(), v => v["caBundle"] = bundle));
        _c.Store("team-a", "untrusted", Vault(TokenAuth()));
        _c.ExternalSecret("team-a", "es", Spec("trusted", data: [("password", "db", "password")]));
        _c.ExternalSecret("team-a", "es2", Spec("untrusted", data: [("password", "db", "password")]));

        await _c.PassAsync();

        Assert.Equal("behind-a-private-ca", _c.Value("team-a", "es", "password"));
        Assert.Null(_c.TargetSecret("team-a", "es2"));
        Assert.Equal("False", _c.ReadyStatus("team-a", "es2"));
    }

    private void ConfigMap(string ns, string name, string key, string value) =>
        _c.Server.Create(SecretsKit.Testing.Kubernetes.FakeResourceType.ConfigMap, ns, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = new JsonObject { [key] = value },
        });

    [Fact]
    public async Task CaProvider_of_type_config_map_names_the_ca_in_the_stores_own_namespace()
    {
        ConfigMap("team-a", "vault-ca", "ca.crt", _ca.Certificate.ExportCertificatePem());
        _c.Store("team-a", "vault", Vault(TokenAuth(), v => v["caProvider"] = new JsonObject { ["type"] = "ConfigMap", ["name"] = "vault-ca", ["key"] = "ca.crt" }));
        _c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await _c.PassAsync();

        Assert.Equal("behind-a-private-ca", _c.Value("team-a", "es", "password"));
    }

    [Fact]
    public async Task A_secret_store_cannot_take_its_ca_from_another_namespaces_config_map()
    {
        _c.Namespace("team-b");
        ConfigMap("team-b", "vault-ca", "ca.crt", _ca.Certificate.ExportCertificatePem());
        _c.Store("team-a", "vault", Vault(TokenAuth(), v => v["caProvider"] = new JsonObject
        {
            ["type"] = "ConfigMap", ["name"] = "vault-ca", ["key"] = "ca.crt", ["namespace"] = "team-b",
        }));
        _c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("caProvider may not reference namespace 'team-b'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cert_auth_logs_in_with_the_client_certificate_from_a_secret_and_caProvider_names_the_ca()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=payments-vault-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var client = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _vault.AddCertRole("payments", client);
        _c.Secret("team-a", "vault-client", new Dictionary<string, string>
        {
            ["tls.crt"] = client.ExportCertificatePem(), ["tls.key"] = key.ExportPkcs8PrivateKeyPem(), ["ca.crt"] = _ca.Certificate.ExportCertificatePem(),
        });
        var auth = new JsonObject
        {
            ["cert"] = new JsonObject
            {
                ["vaultRole"] = "payments",
                ["clientCert"] = new JsonObject { ["name"] = "vault-client", ["key"] = "tls.crt" },
                ["secretRef"] = new JsonObject { ["name"] = "vault-client", ["key"] = "tls.key" },
            },
        };
        _c.Store("team-a", "vault", Vault(auth, v => v["caProvider"] = new JsonObject { ["type"] = "Secret", ["name"] = "vault-client", ["key"] = "ca.crt" }));
        _c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await _c.PassAsync();

        Assert.Equal("behind-a-private-ca", _c.Value("team-a", "es", "password"));
        Assert.Equal(1, _vault.CallCount("login:cert"));
    }

    [Fact]
    public async Task Cert_auth_with_a_certificate_vault_does_not_know_is_refused_with_a_condition()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=stranger", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _c.Secret("team-a", "vault-client", new Dictionary<string, string> { ["tls.crt"] = stranger.ExportCertificatePem(), ["tls.key"] = key.ExportPkcs8PrivateKeyPem() });
        var auth = new JsonObject
        {
            ["cert"] = new JsonObject
            {
                ["vaultRole"] = "payments",
                ["clientCert"] = new JsonObject { ["name"] = "vault-client", ["key"] = "tls.crt" },
                ["secretRef"] = new JsonObject { ["name"] = "vault-client", ["key"] = "tls.key" },
            },
        };
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(_ca.Certificate.ExportCertificatePem()));
        _c.Store("team-a", "vault", Vault(auth, v => v["caBundle"] = bundle));
        _c.ExternalSecret("team-a", "es", Spec("vault", data: [("password", "db", "password")]));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("login with cert auth at auth/cert, role 'payments'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
    }
}
