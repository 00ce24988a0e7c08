using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.KeyGroups;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// Cloud master keys through the CLI: flags, SOPS_* variables, <c>.sops.yaml</c> key groups and rotate's add/rm
/// flags, with the real clients talking to the wire-level KMS and Vault fakes over loopback.
/// </summary>
public sealed class CloudKeysCliTests : IAsyncLifetime
{
    private KmsAndTransitFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await KmsAndTransitFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private string VaultKeyUri => _fakes.TransitKeyUri("cli");

    private Dictionary<string, string?> Env(bool vault = true, bool kms = true) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = kms ? "AKIDCLITEST" : null,
        ["AWS_SECRET_ACCESS_KEY"] = kms ? "cli-secret-never-shown" : null,
        ["AWS_ENDPOINT_URL_KMS"] = kms ? _fakes.Kms.BaseAddress.ToString() : "http://127.0.0.1:9/",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["VAULT_TOKEN"] = vault ? _fakes.Vault.RootToken : "revoked-token",
        ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile,
    };

    [Fact]
    public async Task Kms_and_vault_flags_encrypt_and_either_key_decrypts()
    {
        using var dir = new TempDir();
        var arn = _fakes.Kms.CreateKey("eu-west-1");
        var path = dir.Write("s.yaml", "token: hunter11\n");
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--kms", arn, "--encryption-context", "app:web", "--hc-vault-transit", VaultKeyUri, path }, Env());
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var text = File.ReadAllText(path);
        Assert.Contains("arn: " + arn, text, StringComparison.Ordinal);
        Assert.Contains("app: web", text, StringComparison.Ordinal);
        Assert.Contains("enc: vault:v1:", text, StringComparison.Ordinal);

        var viaVault = await CliRunner.RunAsync(new[] { "decrypt", "--decryption-order", "hc_vault", path }, Env(kms: false));
        Assert.True(viaVault.ExitCode == 0, viaVault.Stderr);
        Assert.Equal("token: hunter11\n", viaVault.StdoutText);
        var viaKms = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(vault: false));
        Assert.True(viaKms.ExitCode == 0, viaKms.Stderr);
        Assert.Equal("token: hunter11\n", viaKms.StdoutText);
        Assert.DoesNotContain("cli-secret-never-shown", enc.Stderr + viaVault.Stderr + viaKms.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sops_kms_arn_variable_supplies_the_key_when_no_flag_is_given()
    {
        using var dir = new TempDir();
        var arn = _fakes.Kms.CreateKey("us-east-2");
        var path = dir.Write("s.json", "{\"k\": \"hunter12\"}");
        var env = Env();
        env["SOPS_KMS_ARN"] = arn;
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", path }, env, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains(arn, File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(1, _fakes.Kms.CountCalls("Encrypt"));
    }

    [Fact]
    public async Task Config_key_groups_mixing_age_kms_and_vault_with_threshold_2_survive_one_provider_down()
    {
        using var dir = new TempDir();
        var arn = _fakes.Kms.CreateKey("eu-central-1");
        dir.Write(".sops.yaml",
            "creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n" +
            $"      - age: [{TestKeys.AgeRecipient}]\n" +
            $"      - kms:\n          - arn: {arn}\n            context:\n              team: payments\n" +
            $"      - hc_vault: [{VaultKeyUri}]\n");
        var path = dir.Write("s.yaml", "password: hunter13\n");
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", path }, Env(), cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains("shamir_threshold: 2", File.ReadAllText(path), StringComparison.Ordinal);

        var kmsDown = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(kms: false));
        Assert.True(kmsDown.ExitCode == 0, kmsDown.Stderr);
        Assert.Equal("password: hunter13\n", kmsDown.StdoutText);

        var twoDown = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(kms: false, vault: false));
        Assert.Equal(128, twoDown.ExitCode);
        Assert.Contains(arn, twoDown.Stderr, StringComparison.Ordinal);
        Assert.Contains(VaultKeyUri, twoDown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_adds_and_removes_cloud_keys()
    {
        using var dir = new TempDir();
        var arn = _fakes.Kms.CreateKey("eu-west-1");
        var path = dir.Write("s.yaml", "a: hunter14\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path }, Env())).ExitCode);
        var add = await CliRunner.RunAsync(new[] { "rotate", "-i", "--add-kms", arn, "--add-hc-vault-transit", VaultKeyUri, path }, Env());
        Assert.True(add.ExitCode == 0, add.Stderr);
        var text = File.ReadAllText(path);
        Assert.Contains(arn, text, StringComparison.Ordinal);
        Assert.Contains("vault:v1:", text, StringComparison.Ordinal);

        var rm = await CliRunner.RunAsync(new[] { "rotate", "-i", "--rm-kms", arn, path }, Env());
        Assert.True(rm.ExitCode == 0, rm.Stderr);
        Assert.DoesNotContain(arn, File.ReadAllText(path), StringComparison.Ordinal);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", "--decryption-order", "hc_vault", path }, Env(kms: false));
        Assert.Equal("a: hunter14\n", dec.StdoutText);
    }
}
