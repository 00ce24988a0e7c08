using System.Text;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Age;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.KeyGroups;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.KeyGroups;

/// <summary>
/// Whole SOPS files through <see cref="SopsEngine"/> with key groups that mix age, AWS KMS and Vault transit, using the
/// registry the CLI builds (age + <see cref="CloudKeySources.Register"/>), with the cloud services as wire-level fakes.
/// </summary>
public sealed class MixedKeyGroupTests : IAsyncLifetime
{
    private const string AgeRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    private const string PlainYaml = "database:\n    user: app\n    password: s3cr3t-value\nreplicas: 3\n";
    private static readonly YamlFormat Yaml = new();

    private KmsAndTransitFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await KmsAndTransitFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private string VaultKeyUri => _fakes.TransitKeyUri("sops-mixed");

    private KeySourceRegistry Registry()
    {
        var variables = new Dictionary<string, string>
        {
            ["SOPS_AGE_KEY_FILE"] = SharedFixtures.PathOf("age-unittest-identity.txt"),
            ["AWS_ACCESS_KEY_ID"] = "AKIDMIXEDGROUPS",
            ["AWS_SECRET_ACCESS_KEY"] = "mixed-secret-never-shown",
            ["AWS_ENDPOINT_URL_KMS"] = _fakes.Kms.BaseAddress.ToString(),
            ["VAULT_TOKEN"] = _fakes.Vault.RootToken,
        };
        var context = new KeySourceContext(
            new MapEnvironment(variables, Path.GetTempPath(), Path.GetTempPath()), SystemProcessRunner.Instance, TimeProvider.System);
        var options = new CloudKeyOptions
        {
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
        var registry = new KeySourceRegistry().Register(new AgeKeySource(context));
        return CloudKeySources.Register(registry, context, options);
    }

    private async Task<(byte[] Encrypted, string KmsArn)> EncryptThreeGroupsAsync(KeySourceRegistry registry)
    {
        var kmsArn = _fakes.Kms.CreateKey("eu-central-1");
        var groups = new IReadOnlyList<IMasterKey>[]
        {
            [registry.Get("age").Parse(AgeRecipient, KeyParseOptions.None)],
            [registry.Get("kms").Parse(kmsArn, KeyParseOptions.None)],
            [registry.Get("hc_vault").Parse(VaultKeyUri, KeyParseOptions.None)],
        };
        var engine = new SopsEngine(registry, TimeProvider.System);
        var encrypted = await engine.EncryptAsync(Yaml.ParsePlain(Encoding.UTF8.GetBytes(PlainYaml)), new EncryptionSettings(groups, ShamirThreshold: 2));
        return (encrypted.Emit(Yaml), kmsArn);
    }

    private static async Task<string> DecryptAsync(KeySourceRegistry registry, byte[] encrypted)
    {
        var decrypted = await new SopsEngine(registry, TimeProvider.System).DecryptAsync(Yaml.ParseEncrypted(encrypted), "mixed.enc.yaml");
        return Encoding.UTF8.GetString(Yaml.EmitPlain(decrypted.Plain));
    }

    private void TakeKmsDown() => _fakes.Kms.InjectFault(FakeFault.ServerError(), times: 200);

    private void TakeVaultDown() => _fakes.Vault.InjectFault(FakeFault.ServerError(), times: 200);

    [Fact]
    public async Task Three_group_file_with_age_kms_and_vault_round_trips_with_threshold_two()
    {
        var registry = Registry();

        var (encrypted, kmsArn) = await EncryptThreeGroupsAsync(registry);
        var text = Encoding.UTF8.GetString(encrypted);
        var plain = await DecryptAsync(registry, encrypted);

        Assert.Equal(PlainYaml, plain);
        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
        Assert.Contains("shamir_threshold: 2", text, StringComparison.Ordinal);
        Assert.Contains(AgeRecipient, text, StringComparison.Ordinal);
        Assert.Contains(kmsArn, text, StringComparison.Ordinal);
        Assert.Contains("vault:v1:", text, StringComparison.Ordinal);
        Assert.Equal(1, _fakes.Kms.CountCalls("Encrypt"));
        Assert.True(_fakes.Vault.HasTransitKey("transit", "sops-mixed"));
    }

    [Fact]
    public async Task Decrypt_succeeds_with_age_and_vault_while_kms_fails_every_call()
    {
        var registry = Registry();
        var (encrypted, _) = await EncryptThreeGroupsAsync(registry);
        TakeKmsDown();

        var plain = await DecryptAsync(registry, encrypted);

        Assert.Equal(PlainYaml, plain);
        // The KMS share was tried first (group order) and retried until the retry budget ran out: 1 attempt + 2 retries.
        Assert.Equal(3, _fakes.Kms.CountCalls("Decrypt"));
        Assert.Equal(1, _fakes.Vault.CallCount("transit-decrypt"));
    }

    [Fact]
    public async Task Decrypt_with_kms_and_vault_down_fails_with_exit_128_listing_both_failures()
    {
        var registry = Registry();
        var (encrypted, kmsArn) = await EncryptThreeGroupsAsync(registry);
        TakeKmsDown();
        TakeVaultDown();

        var ex = await Assert.ThrowsAsync<NoKeyMatchedException>(() => DecryptAsync(registry, encrypted));

        Assert.Equal(ExitCodes.CouldNotRetrieveKey, ex.ExitCode);
        Assert.Equal(128, ex.ExitCode);
        Assert.Contains("1 of 3 key groups decrypted, 2 required", ex.Message, StringComparison.Ordinal);
        Assert.Contains(kmsArn, ex.Message, StringComparison.Ordinal);
        Assert.Contains(VaultKeyUri, ex.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "hc_vault", "kms" }, ex.Attempts.Select(a => a.KeyType).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("s3cr3t-value", ex.Message, StringComparison.Ordinal);
    }
}
