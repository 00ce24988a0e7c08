using SecretsKit.Testing.Common;
using SecretsKit.Testing.HuaweiCloud;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// HuaweiCloud KMS (<c>hckms</c>) through the CLI: <c>--hckms</c>, <c>SOPS_HUAWEICLOUD_KMS_IDS</c>, <c>.sops.yaml</c>
/// rules and key groups, and rotate's <c>--add-hckms</c>/<c>--rm-hckms</c>, against the signature-checking KMS fake.
/// </summary>
public sealed class HuaweiCloudKmsCliTests : IAsyncLifetime
{
    private FakeHuaweiKmsServer _kms = null!;
    private HuaweiAccessKey _access = null!;

    public async Task InitializeAsync()
    {
        _kms = await FakeHuaweiKmsServer.StartAsync();
        _access = _kms.CreateAccessKey();
    }

    public async Task DisposeAsync() => await _kms.DisposeAsync();

    private Dictionary<string, string?> Env(bool huawei = true, bool age = true)
    {
        var env = new Dictionary<string, string?>
        {
            ["HUAWEICLOUD_SDK_AK"] = _access.AccessKey,
            ["HUAWEICLOUD_SDK_SK"] = huawei ? _access.SecretKey : "revoked-secret-key",
            ["HUAWEICLOUD_SDK_PROJECT_ID"] = _access.ProjectId,
            [_kms.EndpointVariable.Key] = _kms.EndpointVariable.Value,
            ["SOPS_AGE_KEY_FILE"] = age ? TestKeys.AgeIdentityFile : null,
        };
        return env;
    }

    [Fact]
    public async Task Rotate_adds_hckms_which_then_decrypts_alone_and_removes_it_again()
    {
        using var dir = new TempDir();
        var keyId = _kms.CreateKey();
        var path = dir.Write("s.yaml", "password: hunter21\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path }, Env())).ExitCode);

        var add = await CliRunner.RunAsync(new[] { "rotate", "-i", "--add-hckms", keyId, path }, Env());
        Assert.True(add.ExitCode == 0, add.Stderr);
        var text = File.ReadAllText(path);
        Assert.Contains("hckms:", text, StringComparison.Ordinal);
        Assert.Contains("key_id: " + keyId, text, StringComparison.Ordinal);

        var viaHckms = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(age: false));
        Assert.True(viaHckms.ExitCode == 0, viaHckms.Stderr);
        Assert.Equal("password: hunter21\n", viaHckms.StdoutText);

        var rm = await CliRunner.RunAsync(new[] { "rotate", "-i", "--rm-hckms", keyId, path }, Env());
        Assert.True(rm.ExitCode == 0, rm.Stderr);
        Assert.DoesNotContain(keyId, File.ReadAllText(path), StringComparison.Ordinal);
        var withoutAge = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(age: false));
        Assert.Equal(128, withoutAge.ExitCode);
        var viaAge = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(huawei: false));
        Assert.Equal("password: hunter21\n", viaAge.StdoutText);
    }

    [Fact]
    public async Task Hckms_flag_encrypts_logs_the_key_id_and_a_rejected_signature_fails_decrypt_naming_key_and_status()
    {
        using var dir = new TempDir();
        var keyId = _kms.CreateKey();
        var path = dir.Write("s.yaml", "k: hunter22\n");

        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--verbose", "--hckms", keyId, path }, Env());
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains("[HCKMS]", enc.Stderr, StringComparison.Ordinal);
        Assert.Contains("Encryption succeeded", enc.Stderr, StringComparison.Ordinal);
        Assert.Contains("keyID=" + keyId, enc.Stderr, StringComparison.Ordinal);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, Env());
        Assert.Equal("k: hunter22\n", dec.StdoutText);

        var refused = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(huawei: false));
        Assert.Equal(128, refused.ExitCode);
        Assert.Contains(keyId, refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("HTTP 401 APIGW.0301", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_access.SecretKey, enc.Stderr + dec.Stderr + refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variable_rule_list_and_key_groups_object_each_supply_the_key()
    {
        using var dir = new TempDir();
        var fromVariable = _kms.CreateKey();
        var fromRule = _kms.CreateKey();
        var fromGroup = _kms.CreateKey();
        var env = Env();
        env["SOPS_HUAWEICLOUD_KMS_IDS"] = fromVariable;
        var a = dir.Write("a.yaml", "a: hunter23\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", a }, env, cwd: dir.Path)).ExitCode);
        Assert.Contains(fromVariable, File.ReadAllText(a), StringComparison.Ordinal);

        dir.Write(".sops.yaml",
            "creation_rules:\n" +
            $"  - path_regex: b\\.yaml$\n    hckms: [{fromRule}]\n" +
            $"  - path_regex: c\\.yaml$\n    key_groups:\n      - hckms:\n          - key_id: {fromGroup}\n");
        var b = dir.Write("b.yaml", "b: hunter24\n");
        var c = dir.Write("c.yaml", "c: hunter25\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", b }, Env(), cwd: dir.Path)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", c }, Env(), cwd: dir.Path)).ExitCode);

        Assert.Contains(fromRule, File.ReadAllText(b), StringComparison.Ordinal);
        Assert.Contains(fromGroup, File.ReadAllText(c), StringComparison.Ordinal);
        Assert.Equal("c: hunter25\n", (await CliRunner.RunAsync(new[] { "decrypt", c }, Env(age: false))).StdoutText);
        Assert.Equal(3, _kms.CountCalls("encrypt-data"));
    }
}
