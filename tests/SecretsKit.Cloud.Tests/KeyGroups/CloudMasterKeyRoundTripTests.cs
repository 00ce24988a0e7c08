using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.KeyGroups;

/// <summary>
/// A SOPS file encrypted with one cloud master key and decrypted again through <see cref="SopsEngine"/>, for each of the
/// four cloud key types, via the registry <see cref="CloudKeySources.Register"/> builds (as the CLI does).
/// </summary>
public sealed class CloudMasterKeyRoundTripTests : IDisposable
{
    private const string PlainYaml = "api:\n    token: tok-never-in-the-file\nport: 8443\n";
    private static readonly YamlFormat Yaml = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sk-cloud-rt-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData("kms")]
    [InlineData("gcp_kms")]
    [InlineData("azure_kv")]
    [InlineData("hc_vault")]
    public async Task File_round_trips_through_one_cloud_master_key(string keyType)
    {
        await using var setup = await StartAsync(keyType);
        var context = new KeySourceContext(
            new MapEnvironment(setup.Environment, _dir.FullName, _dir.FullName), SystemProcessRunner.Instance, TimeProvider.System);
        var registry = CloudKeySources.Register(new KeySourceRegistry(), context, TestContexts.FastRetries(setup.Handler));
        var engine = new SopsEngine(registry, TimeProvider.System);
        var key = registry.Get(keyType).Parse(setup.KeyText, KeyParseOptions.None);

        var encrypted = (await engine.EncryptAsync(Yaml.ParsePlain(Encoding.UTF8.GetBytes(PlainYaml)),
            new EncryptionSettings([[key]]))).Emit(Yaml);
        var decrypted = await engine.DecryptAsync(Yaml.ParseEncrypted(encrypted), "one-key.enc.yaml");

        Assert.Equal(PlainYaml, Encoding.UTF8.GetString(Yaml.EmitPlain(decrypted.Plain)));
        Assert.DoesNotContain("tok-never-in-the-file", Encoding.UTF8.GetString(encrypted), StringComparison.Ordinal);
        Assert.Equal(keyType, Assert.Single(Assert.Single(decrypted.Metadata.KeyGroups)).KeyType);
    }

    private async Task<Setup> StartAsync(string keyType)
    {
        switch (keyType)
        {
            case "kms":
            {
                var kms = await FakeKmsServer.StartAsync();
                return new Setup(kms, null, kms.CreateKey("ap-southeast-2"), new Dictionary<string, string>
                {
                    ["AWS_ACCESS_KEY_ID"] = "AKIDROUNDTRIP",
                    ["AWS_SECRET_ACCESS_KEY"] = "round-trip-secret",
                    ["AWS_ENDPOINT_URL_KMS"] = kms.BaseAddress.ToString(),
                });
            }
            case "gcp_kms":
            {
                var gcp = await FakeGcpKmsServer.StartAsync();
                var credentials = Path.Combine(_dir.FullName, "sa.json");
                await File.WriteAllTextAsync(credentials, gcp.CreateServiceAccount());
                return new Setup(gcp, null, gcp.CreateKey(), new Dictionary<string, string>
                {
                    ["GOOGLE_APPLICATION_CREDENTIALS"] = credentials,
                    ["SOPS_GCP_KMS_ENDPOINT"] = gcp.BaseAddress.ToString(),
                });
            }
            case "azure_kv":
            {
                var azure = await FakeAzureKeyVaultServer.StartAsync();
                azure.CreateRsaKey("sops-rt");
                azure.AddClient("sops-rt-client", "rt-client-secret");
                return new Setup(azure, azure.CreateClientHandler(), azure.KeyUrl("sops-rt"), new Dictionary<string, string>
                {
                    ["AZURE_TENANT_ID"] = azure.TenantId,
                    ["AZURE_CLIENT_ID"] = "sops-rt-client",
                    ["AZURE_CLIENT_SECRET"] = "rt-client-secret",
                    ["AZURE_AUTHORITY_HOST"] = azure.AuthorityHost,
                });
            }
            default:
            {
                var vault = await FakeVaultServer.StartAsync();
                vault.EnableTransit("transit");
                return new Setup(vault, null, $"{vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/sops-rt",
                    new Dictionary<string, string> { ["VAULT_TOKEN"] = vault.RootToken });
            }
        }
    }

    private sealed record Setup(IAsyncDisposable Server, HttpMessageHandler? Handler, string KeyText, Dictionary<string, string> Environment)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Handler?.Dispose();
            await Server.DisposeAsync();
        }
    }
}
